from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from exercises.catalogue import CATALOGUE_PATH, catalogue_read, catalogue_sync
from exercises.models import Equipment, Exercise, MuscleGroup


class Command(BaseCommand):
    help = "Create or update the shipped exercise catalogue (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(CATALOGUE_PATH), help="Catalogue JSON file.")

    def handle(self, *args, path: str, **options):
        try:
            data = catalogue_read(path=Path(path))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the catalogue at {path}: {error}") from error
        try:
            result = catalogue_sync(
                data=data,
                muscle_group_model=MuscleGroup,
                equipment_model=Equipment,
                exercise_model=Exercise,
            )
        except (KeyError, TypeError) as error:
            raise CommandError(f"The catalogue at {path} is malformed: missing {error}") from error
        except ValidationError as error:
            message = "; ".join(error.messages)
            raise CommandError(f"The catalogue at {path} is malformed: {message}") from error
        self.stdout.write(
            f"Catalogue: {result.created} exercises created, {result.updated} up to date."
        )
