"""/healthz/ and /readyz/: the endpoints, and the readiness checks apps register.

/readyz/ with wods' broker check, against the real database and RabbitMQ:
`wods/tests/test_readiness.py`.
"""

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
