"""Liveness and readiness of the web process, for load balancers, orchestrators and Prometheus.

`/healthz/` touches nothing: the process answers, so it is alive. `/readyz/` checks what a
request needs, and answers 503 naming the one that failed: the database, and whatever the
apps register with `register_readiness_check` from their `AppConfig.ready` (wods: the
broker). Neither needs a token, and neither says more than which dependency failed and its
error type.
"""

from collections.abc import Callable

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# A check returns None when its dependency answers, else the type of the error it met.
ReadinessCheck = Callable[[], str | None]


def database_check() -> str | None:
    """None when the database answers a query, else the error's type."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return type(error).__name__
    return None


# The checks by dependency name, in the order /readyz/ reports them.
readiness_registry: dict[str, ReadinessCheck] = {"database": database_check}


def register_readiness_check(name: str, check: ReadinessCheck) -> None:
    """Make /readyz/ (and the `coach_dependency_up` gauge) check one more dependency."""
    readiness_registry[name] = check


def readiness_checks() -> dict[str, str]:
    """Each dependency's state: "ok", or the type of the error that reaching it raised."""
    return {name: check() or "ok" for name, check in readiness_registry.items()}


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
