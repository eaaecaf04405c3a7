"""/readyz/ with the broker check wods registers, against the real database and RabbitMQ."""

import pytest
from django.db import connection

from coachsite.health import readiness_registry
from testing.processes import free_port


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
