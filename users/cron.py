"""The users app's cron job (CRONJOBS in settings, installed with `manage.py crontab add`)."""

from django.core.management import call_command


def flush_expired_tokens() -> None:
    """Nightly: delete the refresh tokens past their expiry, and their blacklist entries.

    Every login and refresh records a token, and every rotation or logout blacklists one; an
    expired token is refused anyway, so keeping its rows only grows the tables.
    """
    call_command("flushexpiredtokens")
