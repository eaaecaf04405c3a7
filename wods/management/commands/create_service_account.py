from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from users.models import User
from users.services import user_ensure
from wods.permissions import DAILY_WODS_PERMISSION


class Command(BaseCommand):
    help = (
        "Create, or bring up to date, the account the daily cron job calls the API with "
        "(COACH_SERVICE_EMAIL / COACH_SERVICE_PASSWORD): not staff, its one permission is to "
        f"request the daily WODs ({DAILY_WODS_PERMISSION})."
    )

    def handle(self, *args, **options):
        email = settings.COACH_SERVICE_EMAIL
        password = settings.COACH_SERVICE_PASSWORD
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"COACH_SERVICE_EMAIL {email!r} is not an email address.") from None
        if not password:
            raise CommandError("COACH_SERVICE_PASSWORD is not set.")
        try:
            validate_password(password, user=User(email=email))
        except ValidationError as error:
            raise CommandError(
                f"COACH_SERVICE_PASSWORD is not strong enough: {' '.join(error.messages)}"
            ) from None
        # An account made by an earlier version was staff: it loses that here.
        _, created = user_ensure(
            email=email, password=password, permissions=[DAILY_WODS_PERMISSION]
        )
        self.stdout.write(f"Service account {email} {'created' if created else 'updated'}.")
