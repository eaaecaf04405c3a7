from django.core.management.base import BaseCommand, CommandError

from wods.broker import BROKER_ERRORS
from wods.services import wod_dead_letters_reconcile, wod_requests_publish_pending


class Command(BaseCommand):
    help = (
        "The relay: publish every WOD request still pending (the broker was down when it was "
        "made), then mark dead the requests whose messages RabbitMQ dead-lettered and drop "
        "the dead letters of requests already done."
    )

    def handle(self, *args, **options):
        published = wod_requests_publish_pending()
        self.stdout.write(f"Published {published} pending request(s).")
        try:
            reconciled = wod_dead_letters_reconcile()
        except BROKER_ERRORS as error:
            raise CommandError(f"Dead letters not reconciled: {error!r}") from error
        self.stdout.write(reconciled.summary())
