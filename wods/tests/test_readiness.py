"""/readyz/ with the broker check wods registers, against the real database and RabbitMQ."""

import threading
import urllib.parse

import pytest
from django.db import connection, connections
from django.test import Client

from coachsite import health
from coachsite.health import readiness_registry
from testing.processes import free_port
from testing.tcp import CountingProxy


def test_the_broker_is_a_readiness_check_after_the_database():
    assert list(readiness_registry) == ["database", "broker"]


@pytest.mark.django_db
def test_readyz_is_200_when_the_database_and_the_broker_answer(anonymous_client, rabbitmq):
    response = anonymous_client.get("/readyz/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


@pytest.mark.django_db
def test_readyz_is_503_while_the_broker_is_unreachable_and_200_once_it_is_back(
    anonymous_client, rabbitmq, settings
):
    reachable = settings.AMQP_URL
    settings.AMQP_URL = f"amqp://guest:guest@127.0.0.1:{free_port()}/%2F"

    down = anonymous_client.get("/readyz/")

    settings.AMQP_URL = reachable
    back = anonymous_client.get("/readyz/")
    assert down.status_code == 503
    assert down.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "broker": "AMQPConnectionError"},
    }
    assert back.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_readyz_is_503_naming_the_database_when_it_cannot_be_reached(anonymous_client, rabbitmq):
    real_name = connection.settings_dict["NAME"]
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/no-such-folder/coach.sqlite3"
    else:
        connection.settings_dict["NAME"] = "coach_no_such_database"
    try:
        down = anonymous_client.get("/readyz/")
    finally:
        connection.close()
        connection.settings_dict["NAME"] = real_name

    assert down.status_code == 503
    assert down.json() == {
        "status": "unavailable",
        "checks": {"database": "OperationalError", "broker": "ok"},
    }
    assert anonymous_client.get("/readyz/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_200_calls_to_readyz_at_once_open_at_most_a_handful_of_broker_connections(
    rabbitmq, settings, monkeypatch
):
    settings.READINESS_CACHE_SECONDS = 5
    monkeypatch.setattr(health, "readiness", health.CachedReadiness())
    broker = urllib.parse.urlsplit(settings.AMQP_URL)
    statuses: list[int] = []

    def call_readyz(times: int) -> None:
        client = Client()
        try:
            statuses.extend(client.get("/readyz/").status_code for _ in range(times))
        finally:
            connections.close_all()

    # Every broker connection the check opens goes through the proxy, which counts them.
    with CountingProxy((broker.hostname, broker.port or 5672)) as proxy:
        settings.AMQP_URL = broker._replace(
            netloc=f"{broker.username}:{broker.password}@127.0.0.1:{proxy.port}"
        ).geturl()
        threads = [threading.Thread(target=call_readyz, args=(25,)) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert statuses == [200] * 200
    # One per 5-second interval: one, unless the calls were slowed down past an interval.
    assert 1 <= proxy.accepted <= 3
