"""Liveness and readiness of the web process, for load balancers, orchestrators and Prometheus.

`/healthz/` touches nothing: the process answers, so it is alive. `/readyz/` checks what a
request needs, and answers 503 naming the one that failed: the database, and whatever the
apps register with `register_readiness_check` from their `AppConfig.ready` (wods: the
broker). Neither needs a token, and neither says more than which dependency failed and its
error type.

Since anyone who reaches it may call /readyz/, its answer is reused for
READINESS_CACHE_SECONDS: however often it is called, each process opens at most one broker
connection (and runs one query) per interval, whatever its threads. Serve it to the load
balancer only all the same (docs/OPERATIONS.md, Health).
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
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


@dataclass(frozen=True, slots=True)
class _Reading:
    checks: dict[str, str]
    taken_at: float


class CachedReadiness:
    """`readiness_checks()`, taken at most once per READINESS_CACHE_SECONDS (0: every call).

    The reading is kept per process, not in the shared cache: it costs one connection per
    interval per process, a handful in all, and needs nothing that could itself be down (the
    cache table lives in the database /readyz/ checks). It is also the process's own answer,
    which is what a load balancer asks about. When the reading is due, one thread takes it;
    the others answer with the previous one meanwhile (or, before the first, wait for it),
    so a burst of calls neither opens connections nor ties up every thread on a slow broker.
    """

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._reading: _Reading | None = None

    def checks(self) -> dict[str, str]:
        seconds = settings.READINESS_CACHE_SECONDS
        if seconds <= 0:
            return readiness_checks()
        reading = self._reading
        if reading is not None and self._clock() - reading.taken_at < seconds:
            return reading.checks
        if not self._lock.acquire(blocking=reading is None):
            return reading.checks
        try:
            reading = self._reading
            if reading is None or self._clock() - reading.taken_at >= seconds:
                reading = _Reading(readiness_checks(), self._clock())
                self._reading = reading
            return reading.checks
        finally:
            self._lock.release()


readiness = CachedReadiness()


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks = readiness.checks()
    if any(state != "ok" for state in checks.values()):
        return JsonResponse({"status": "unavailable", "checks": checks}, status=503)
    return JsonResponse({"status": "ok", "checks": checks})
