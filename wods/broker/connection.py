"""Connecting to RabbitMQ: the parameters, the one way to open a connection, and its errors.

`connection_parameters` gives one `pika.URLParameters` per broker address, in the order to try
them; pika's connections take such a list and use the first address that answers. Today the
list holds AMQP_URL alone.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pika
import pika.exceptions
from django.conf import settings
from pika.adapters.blocking_connection import BlockingConnection

from wods.broker.topology import TopologyMismatch

logger = logging.getLogger(__name__)

# What talking to the broker can fail with: it is away, the connection or channel broke, it
# refused a message, or the queues exist with other arguments (a configuration error).
BROKER_ERRORS = (pika.exceptions.AMQPError, OSError, TopologyMismatch)

CONNECTION_NAME = "coach"
# Seconds a connection waits while the broker blocks publishers (memory or disk alarm).
BLOCKED_CONNECTION_TIMEOUT_SECONDS = 30
SOCKET_TIMEOUT_SECONDS = 5


def broker_urls() -> list[str]:
    """The broker addresses, in the order to try them."""
    return [settings.AMQP_URL]


def connection_parameters(
    *, url: str | None = None, timeout: float | None = None
) -> list[pika.URLParameters]:
    """Parameters for each broker address (or only `url`); `timeout` caps every wait, for probes."""
    parameters = []
    for address in [url] if url else broker_urls():
        address_parameters = pika.URLParameters(address)
        address_parameters.heartbeat = settings.AMQP_HEARTBEAT_SECONDS
        address_parameters.blocked_connection_timeout = BLOCKED_CONNECTION_TIMEOUT_SECONDS
        address_parameters.connection_attempts = 1
        address_parameters.socket_timeout = SOCKET_TIMEOUT_SECONDS
        address_parameters.client_properties = {"connection_name": CONNECTION_NAME}
        if timeout is not None:
            address_parameters.socket_timeout = timeout
            address_parameters.stack_timeout = timeout
            address_parameters.blocked_connection_timeout = timeout
        parameters.append(address_parameters)
    return parameters


def open_connection(*, url: str | None = None, timeout: float | None = None) -> BlockingConnection:
    """A blocking connection to the first broker that answers; the caller closes it."""
    return pika.BlockingConnection(connection_parameters(url=url, timeout=timeout))


def close_connection(connection: BlockingConnection) -> None:
    """Close a connection that may be broken already, without raising."""
    if not connection.is_open:
        return
    try:
        connection.close()
    except BROKER_ERRORS:
        logger.debug("Closing a broken broker connection failed", exc_info=True)


@contextmanager
def broker_connection(
    *, url: str | None = None, timeout: float | None = None
) -> Iterator[BlockingConnection]:
    """A blocking connection for the length of a `with` block."""
    connection = open_connection(url=url, timeout=timeout)
    try:
        yield connection
    finally:
        close_connection(connection)


def broker_address(url: str | None = None) -> str:
    """The broker's address without its password, for messages people read."""
    parameters = pika.URLParameters(url or broker_urls()[0])
    return f"amqp://{parameters.credentials.username}@{parameters.host}:{parameters.port}"
