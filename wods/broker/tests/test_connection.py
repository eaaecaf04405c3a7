"""Connecting to RabbitMQ: the parameters every connection gets, and the one way to open one."""

import pytest

from wods.broker import BROKER_ERRORS
from wods.broker.connection import broker_address, broker_connection, connection_parameters

UNREACHABLE_BROKER = "amqp://guest:guest@127.0.0.1:1/%2F"


def test_every_broker_address_gets_the_same_parameters(settings):
    settings.AMQP_URL = "amqp://coach:secret@rabbit.example:5673/coach"
    settings.AMQP_HEARTBEAT_SECONDS = 17

    [parameters] = connection_parameters()

    assert (parameters.host, parameters.port, parameters.virtual_host) == (
        "rabbit.example",
        5673,
        "coach",
    )
    assert parameters.heartbeat == 17
    assert parameters.connection_attempts == 1
    assert parameters.client_properties == {"connection_name": "coach"}


def test_a_timeout_caps_every_wait_of_a_probe(settings):
    [parameters] = connection_parameters(timeout=2)

    assert parameters.socket_timeout == parameters.stack_timeout == 2
    assert parameters.blocked_connection_timeout == 2


def test_the_address_shown_to_people_has_no_password(settings):
    settings.AMQP_URL = "amqp://coach:secret@rabbit.example:5673/coach"

    assert broker_address() == "amqp://coach@rabbit.example:5673"


def test_a_connection_is_open_inside_the_block_and_closed_after(rabbitmq):
    with broker_connection() as connection:
        assert connection.is_open
        connection.channel().queue_declare("", exclusive=True)

    assert connection.is_closed


def test_an_unreachable_broker_raises_one_of_the_broker_errors():
    with pytest.raises(BROKER_ERRORS), broker_connection(url=UNREACHABLE_BROKER):
        pass
