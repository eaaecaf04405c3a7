from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from exercises.catalogue import CATALOGUE_PATH, catalogue_read, catalogue_sync
from exercises.models import Equipment, Exercise, MuscleGroup


class Command(BaseCommand):
    help = (
        "Create or update the shipped exercise catalogue (idempotent). Every value is checked "
        "first: a problem names the exercise and the field, and nothing is written."
    )

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
        except ValidationError as error:
            problems = "".join(f"\n  {message}" for message in error.messages)
            raise CommandError(f"The catalogue at {path} is malformed:{problems}") from error
        self.stdout.write(
            f"Catalogue: {result.created} exercises created, {result.updated} up to date."
        )
