from django.core.management.base import BaseCommand, CommandError

from wods.broker import BROKER_ERRORS
from wods.services import wod_dead_letters_replay


class Command(BaseCommand):
    help = "Move dead-lettered WOD requests from wods.dead back to wods.generate."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Replay at most N messages.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only report what would be replayed; move nothing.",
        )

    def handle(self, *args, limit, dry_run, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1.")
        try:
            report = wod_dead_letters_replay(limit=limit, dry_run=dry_run)
        except BROKER_ERRORS as error:
            raise CommandError(f"RabbitMQ is not reachable: {error!r}") from error
        self.stdout.write(report.summary(dry_run=dry_run))
        for message_id, reason in report.kept:
            # The id is the sender's: written as repr, like the logs do.
            self.stdout.write(f"  kept {message_id!r}: {reason}")
