"""Connecting to RabbitMQ: the broker addresses, the parameters every connection gets, and the
one way to open one."""

import os
import random

import pika.exceptions
import pytest

from wods.broker import BROKER_ERRORS
from wods.broker.connection import (
    BrokerAddresses,
    broker_address,
    broker_addresses,
    broker_connection,
    broker_urls,
    connection_parameters,
    open_connection,
    parse_broker_urls,
)

UNREACHABLE_BROKER = "amqp://guest:guest@127.0.0.1:1/%2F"
ALSO_UNREACHABLE = "amqp://guest:guest@127.0.0.1:2/%2F"
# .invalid never resolves (RFC 6761), as the name of a node whose container is gone.
UNRESOLVABLE_BROKER = "amqp://guest:guest@no-such-node.invalid:5672/%2F"
NODES = [f"amqp://coach:secret@rabbit-{number}.example:5672/coach" for number in (1, 2, 3)]


# The addresses and their order
# ------------------------------------------------------------------------------


def test_a_single_url_is_a_list_of_one():
    assert parse_broker_urls("amqp://guest:guest@localhost:5672/%2F") == [
        "amqp://guest:guest@localhost:5672/%2F"
    ]


def test_a_comma_separated_amqp_url_gives_each_address_without_blanks():
    assert parse_broker_urls(f" {NODES[0]}, {NODES[1]} ,,{NODES[2]} ") == NODES


def test_an_amqp_url_without_any_address_is_refused():
    with pytest.raises(ValueError, match="AMQP_URL names no broker"):
        parse_broker_urls(" , ")


def test_unshuffled_addresses_keep_the_order_given():
    assert BrokerAddresses(NODES, shuffle=False).in_order() == NODES


def test_shuffled_addresses_are_the_same_ones_in_an_order_of_the_process_own():
    orders = {
        tuple(BrokerAddresses(NODES, shuffle=True, rng=random.Random(seed)).in_order())
        for seed in range(20)
    }

    assert all(sorted(order) == sorted(NODES) for order in orders)
    assert len(orders) > 1


def test_a_failed_address_is_tried_last_and_the_others_keep_their_order():
    addresses = BrokerAddresses(NODES, shuffle=False)

    addresses.failed(NODES[0])

    assert addresses.in_order() == [NODES[1], NODES[2], NODES[0]]


def test_the_process_shuffles_once_and_again_only_when_the_setting_changes(settings):
    settings.AMQP_URL = ",".join(NODES)
    settings.AMQP_SHUFFLE_ADDRESSES = True

    first = broker_addresses()
    assert broker_addresses() is first
    assert sorted(broker_urls()) == sorted(NODES)

    settings.AMQP_URL = NODES[0]
    assert broker_urls() == [NODES[0]]


def test_the_addresses_shown_to_people_have_no_password(settings):
    settings.AMQP_URL = ",".join(NODES[:2])

    assert (
        broker_address() == "amqp://coach@rabbit-1.example:5672, amqp://coach@rabbit-2.example:5672"
    )
    assert broker_address(NODES[2]) == "amqp://coach@rabbit-3.example:5672"


# The parameters
# ------------------------------------------------------------------------------


def test_every_broker_address_gets_the_same_parameters(settings):
    settings.AMQP_HEARTBEAT_SECONDS = 17

    parameters = connection_parameters("amqp://coach:secret@rabbit.example:5673/coach", role="x")

    assert (parameters.host, parameters.port, parameters.virtual_host) == (
        "rabbit.example",
        5673,
        "coach",
    )
    assert parameters.heartbeat == 17
    assert parameters.connection_attempts == 1


def test_a_connection_is_named_after_its_role_and_process():
    parameters = connection_parameters(NODES[0], role="consumer")

    assert parameters.client_properties == {"connection_name": f"coach consumer {os.getpid()}"}


def test_a_timeout_caps_every_wait_of_a_probe():
    parameters = connection_parameters(NODES[0], role="probe", timeout=2)

    assert parameters.socket_timeout == parameters.stack_timeout == 2
    assert parameters.blocked_connection_timeout == 2


# Connecting
# ------------------------------------------------------------------------------


def test_a_connection_is_open_inside_the_block_and_closed_after(rabbitmq):
    with broker_connection() as connection:
        assert connection.is_open
        connection.channel().queue_declare("", exclusive=True)

    assert connection.is_closed


def test_a_broker_that_is_down_is_skipped_and_tried_last_from_then_on(rabbitmq, settings):
    reachable = settings.AMQP_URL
    settings.AMQP_URL = f"{UNREACHABLE_BROKER},{reachable}"
    settings.AMQP_SHUFFLE_ADDRESSES = False

    with broker_connection(role="test") as connection:
        assert connection.url == reachable

    assert broker_urls() == [reachable, UNREACHABLE_BROKER]


def test_a_broker_whose_name_does_not_resolve_is_skipped_too(rabbitmq, settings):
    reachable = settings.AMQP_URL
    settings.AMQP_URL = f"{UNRESOLVABLE_BROKER},{reachable}"
    settings.AMQP_SHUFFLE_ADDRESSES = False

    with broker_connection(role="test") as connection:
        assert connection.url == reachable


def test_a_name_that_does_not_resolve_is_a_connection_error_like_any_other(settings):
    settings.AMQP_URL = UNRESOLVABLE_BROKER

    with pytest.raises(pika.exceptions.AMQPConnectionError, match=r"no-such-node\.invalid"):
        open_connection(role="test")


def test_when_every_broker_is_down_the_error_names_each_address(settings):
    settings.AMQP_URL = f"{UNREACHABLE_BROKER},{ALSO_UNREACHABLE}"

    with pytest.raises(pika.exceptions.AMQPConnectionError) as raised:
        open_connection(role="test")

    assert "127.0.0.1:1" in str(raised.value)
    assert "127.0.0.1:2" in str(raised.value)


def test_an_unreachable_broker_raises_one_of_the_broker_errors():
    with pytest.raises(BROKER_ERRORS), broker_connection(url=UNREACHABLE_BROKER):
        pass
