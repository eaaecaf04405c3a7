from django.core.management.base import BaseCommand

from wods.services import wod_requests_publish_pending


class Command(BaseCommand):
    help = "Publish every WOD request still pending (the broker was down when it was made)."

    def handle(self, *args, **options):
        published = wod_requests_publish_pending()
        self.stdout.write(f"Published {published} pending request(s).")
