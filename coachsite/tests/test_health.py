"""/healthz/ and /readyz/: the endpoints, and the readiness checks apps register.

/readyz/ with wods' broker check, against the real database and RabbitMQ:
`wods/tests/test_readiness.py`.
"""

import threading

import pytest

from coachsite import health


def test_healthz_answers_without_a_token_or_any_dependency(anonymous_client):
    response = anonymous_client.get("/healthz/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/healthz/", "/readyz/"])
def test_health_endpoints_only_answer_get(anonymous_client, path):
    assert anonymous_client.post(path).status_code == 405


@pytest.mark.django_db
def test_a_registered_readiness_check_is_reported_and_its_failure_makes_readyz_503(
    anonymous_client, monkeypatch
):
    monkeypatch.setattr(health, "readiness_registry", {"database": health.database_check})
    health.register_readiness_check("cache", lambda: "ConnectionRefusedError")

    response = anonymous_client.get("/readyz/")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "cache": "ConnectionRefusedError"},
    }


@pytest.mark.django_db
def test_readyz_reports_the_checks_in_the_order_they_were_registered(anonymous_client, monkeypatch):
    monkeypatch.setattr(health, "readiness_registry", {"database": health.database_check})
    for name in ("search", "cache"):
        health.register_readiness_check(name, lambda: None)

    response = anonymous_client.get("/readyz/")

    assert response.status_code == 200
    assert list(response.json()["checks"].items()) == [
        ("database", "ok"),
        ("search", "ok"),
        ("cache", "ok"),
    ]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def counted_check(monkeypatch, settings) -> list[str]:
    """The only readiness check, which notes each time it runs; /readyz/ caching for 5 s."""
    settings.READINESS_CACHE_SECONDS = 5
    runs: list[str] = []
    monkeypatch.setattr(health, "readiness_registry", {"counted": lambda: runs.append("run")})
    return runs


def test_a_reading_is_reused_for_the_interval_then_taken_again(counted_check):
    clock = Clock()
    readiness = health.CachedReadiness(clock=clock)

    within = [readiness.checks() for _ in range(50)]
    clock.now += 4.9
    readiness.checks()
    runs_within_the_interval = len(counted_check)
    clock.now += 0.1
    after = readiness.checks()

    assert within == [{"counted": "ok"}] * 50
    assert runs_within_the_interval == 1
    assert (len(counted_check), after) == (2, {"counted": "ok"})


def test_while_one_thread_takes_a_due_reading_the_others_answer_with_the_last_one(
    monkeypatch, settings
):
    settings.READINESS_CACHE_SECONDS = 5
    clock = Clock()
    readiness = health.CachedReadiness(clock=clock)
    checking, release = threading.Event(), threading.Event()
    states = iter(["ok", "slow"])

    def check() -> str | None:
        state = next(states)
        if state == "slow":
            checking.set()
            release.wait(timeout=30)
            return "TimeoutError"
        return None

    monkeypatch.setattr(health, "readiness_registry", {"broker": check})
    first = readiness.checks()
    clock.now += 5
    refresher = threading.Thread(target=readiness.checks)
    refresher.start()
    checking.wait(timeout=30)

    # The refresher is stuck on a slow broker; this call does not wait for it.
    meanwhile = readiness.checks()
    release.set()
    refresher.join(timeout=30)
    after = readiness.checks()

    assert first == meanwhile == {"broker": "ok"}
    assert after == {"broker": "TimeoutError"}


def test_with_no_interval_every_call_checks(counted_check, settings):
    settings.READINESS_CACHE_SECONDS = 0
    readiness = health.CachedReadiness()

    for _ in range(3):
        readiness.checks()

    assert len(counted_check) == 3
