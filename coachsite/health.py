"""Liveness and readiness of the web process, for load balancers, orchestrators and Prometheus.

`/healthz/` touches nothing: the process answers, so it is alive. `/readyz/` checks what a
request needs, the database and the broker, and answers 503 naming the one that failed.
Neither needs a token, and neither says more than which dependency failed and its error type.
"""

import pika
import pika.exceptions
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wods.messaging.topology import connection_parameters

# A probe must answer before the prober gives up (usually 5-10 s).
BROKER_TIMEOUT_SECONDS = 2


def database_check() -> str | None:
    """None when the database answers a query, else the error's type."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return type(error).__name__
    return None


def broker_check() -> str | None:
    """None when RabbitMQ accepts an AMQP connection, else the error's type."""
    parameters = connection_parameters()
    parameters.socket_timeout = BROKER_TIMEOUT_SECONDS
    parameters.stack_timeout = BROKER_TIMEOUT_SECONDS
    parameters.blocked_connection_timeout = BROKER_TIMEOUT_SECONDS
    try:
        pika.BlockingConnection(parameters).close()
    except (pika.exceptions.AMQPError, OSError) as error:
        return type(error).__name__
    return None


def readiness_checks() -> dict[str, str]:
    """Each dependency's state: "ok", or the type of the error that reaching it raised."""
    checks = {"database": database_check(), "broker": broker_check()}
    return {name: error or "ok" for name, error in checks.items()}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks = readiness_checks()
    if any(state != "ok" for state in checks.values()):
        return JsonResponse({"status": "unavailable", "checks": checks}, status=503)
    return JsonResponse({"status": "ok", "checks": checks})
