"""While the database cannot be reached, answer 503 with Retry-After, in JSON, not a 500.

A PostgreSQL restart or failover makes queries fail for a few seconds: the connection is
refused, the server is shutting down, a session is ended under a query. The request was
fine; the database was away. So the client is told to come back (the daily cron job retries
on 503, honouring Retry-After), and the log says what failed in one line instead of a
traceback for every request of the outage. A kept connection that died while idle never gets
this far: CONN_HEALTH_CHECKS (settings) replaces it before the request uses it.

Every view's exception passes here: Django's and the admin's raise it, and DRF re-raises what
its exception handler leaves alone.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, JsonResponse
from django.utils.deprecation import MiddlewareMixin

logger = logging.getLogger(__name__)

# A restart takes seconds; a failover to a standby (docs/SCALING.md) takes longer, and a
# client that comes back early is told again.
RETRY_AFTER_SECONDS = 5
# OperationalError: the server cannot be reached or ended the session. InterfaceError: the
# connection was already closed under this request.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def database_unavailable_response() -> JsonResponse:
    response = JsonResponse(
        {
            "detail": "The database is unavailable; retry in a few seconds.",
            "retry_after": RETRY_AFTER_SECONDS,
        },
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware(MiddlewareMixin):
    def process_exception(self, request: HttpRequest, exception: Exception) -> JsonResponse | None:
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        logger.error(
            "[Database] Unavailable, answered 503 to %s %s: %s: %s",
            request.method,
            request.path,
            type(exception).__name__,
            " ".join(str(exception).split()),  # one line, whatever the driver's message
        )
        return database_unavailable_response()
