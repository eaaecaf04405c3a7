"""Connecting to RabbitMQ: the broker addresses, the one way to open a connection, its errors.

AMQP_URL holds one URL, or one per node of a cluster separated by commas. Every connection
(publishers, consumer, relay, replay, probes, queue statistics) gets the whole list:

- each process shuffles the addresses once (AMQP_SHUFFLE_ADDRESSES), so that many processes
  given the same list spread over the nodes;
- a connection tries them in that order and takes the first that answers;
- an address whose connection failed or broke goes to the end of this process's order, so
  the next connection tries the others first instead of waiting on a dead node again.

A connection knows the address it reached (`BrokerConnection.url`). One that is lost is not
reopened by pika: the caller opens another (the consumer loop, the publishers), which lands on
a surviving node.
"""

import logging
import os
import random
import threading
from collections.abc import Iterator, Sequence
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

# Seconds a connection waits while the broker blocks publishers (memory or disk alarm).
BLOCKED_CONNECTION_TIMEOUT_SECONDS = 30
# Seconds to wait for a node's TCP connection: a node that is down but not refusing (a host
# gone, a cut network) costs this much before the next address is tried.
SOCKET_TIMEOUT_SECONDS = 5


def parse_broker_urls(value: str) -> list[str]:
    """The URLs of a comma-separated AMQP_URL, blanks dropped; ValueError when none is left.

    A comma inside a URL (a password, say) must be percent-encoded (`%2C`).
    """
    urls = [url.strip() for url in value.split(",") if url.strip()]
    if not urls:
        raise ValueError(
            "AMQP_URL names no broker: give one amqp:// URL, or several separated by commas."
        )
    return urls


class BrokerAddresses:
    """The broker URLs in the order this process tries them: shuffled once (or as listed), and
    an address that failed moved to the end. Shared by the process's threads."""

    def __init__(self, urls: Sequence[str], *, shuffle: bool, rng: random.Random | None = None):
        self._urls = list(urls)
        if shuffle:
            (rng or random.Random()).shuffle(self._urls)
        self._lock = threading.Lock()

    def in_order(self) -> list[str]:
        with self._lock:
            return list(self._urls)

    def failed(self, url: str) -> None:
        """`url` failed: the others are tried before it from now on."""
        with self._lock:
            if url in self._urls and self._urls[-1] != url:
                self._urls.remove(url)
                self._urls.append(url)


_addresses_lock = threading.Lock()
_addresses: tuple[tuple[str, bool], BrokerAddresses] | None = None


def broker_addresses() -> BrokerAddresses:
    """This process's order of the AMQP_URL addresses (made anew when the setting changes)."""
    global _addresses
    key = (settings.AMQP_URL, settings.AMQP_SHUFFLE_ADDRESSES)
    with _addresses_lock:
        if _addresses is None or _addresses[0] != key:
            _addresses = (key, BrokerAddresses(parse_broker_urls(key[0]), shuffle=key[1]))
        return _addresses[1]


def broker_urls() -> list[str]:
    """The broker addresses, in the order to try them now."""
    return broker_addresses().in_order()


def connection_parameters(
    url: str, *, role: str, timeout: float | None = None
) -> pika.URLParameters:
    """Parameters for one broker address; `timeout` caps every wait, for probes.

    The connection is named after its role and process (`coach consumer 4242`), so RabbitMQ's
    connection list shows which process sits on which node.
    """
    parameters = pika.URLParameters(url)
    parameters.heartbeat = settings.AMQP_HEARTBEAT_SECONDS
    parameters.blocked_connection_timeout = BLOCKED_CONNECTION_TIMEOUT_SECONDS
    parameters.connection_attempts = 1
    parameters.socket_timeout = SOCKET_TIMEOUT_SECONDS
    parameters.client_properties = {"connection_name": f"coach {role} {os.getpid()}"}
    if timeout is not None:
        parameters.socket_timeout = timeout
        parameters.stack_timeout = timeout
        parameters.blocked_connection_timeout = timeout
    return parameters


class BrokerConnection(BlockingConnection):
    """A blocking connection that knows which broker address it reached."""

    def __init__(self, url: str, parameters: pika.URLParameters) -> None:
        super().__init__(parameters)
        self.url = url


def open_connection(
    *, role: str = "client", url: str | None = None, timeout: float | None = None
) -> BrokerConnection:
    """A blocking connection to the first broker address that answers; the caller closes it.

    `url` (one URL, or several separated by commas) is tried, in its order, instead of
    AMQP_URL. Raises AMQPConnectionError naming each address that failed.
    """
    addresses = broker_addresses()
    urls = parse_broker_urls(url) if url else addresses.in_order()
    errors: list[tuple[str, Exception]] = []
    for address in urls:
        try:
            return BrokerConnection(
                address, connection_parameters(address, role=role, timeout=timeout)
            )
        # OSError: a name that does not resolve (a node's container gone, say).
        except (pika.exceptions.AMQPConnectionError, OSError) as error:
            errors.append((address, error))
            addresses.failed(address)
    if len(errors) == 1 and isinstance(errors[0][1], pika.exceptions.AMQPConnectionError):
        raise errors[0][1]
    raise pika.exceptions.AMQPConnectionError(
        "; ".join(f"{broker_address(address)}: {error!r}" for address, error in errors)
    ) from errors[-1][1]


def close_connection(connection: BlockingConnection) -> None:
    """Close a connection that may be broken already, without raising."""
    if not connection.is_open:
        return
    try:
        connection.close()
    except BROKER_ERRORS:
        logger.debug("Closing a broken broker connection failed", exc_info=True)


def connection_failed(connection: BrokerConnection) -> None:
    """The connection broke: its address goes to the end of this process's order."""
    broker_addresses().failed(connection.url)


@contextmanager
def broker_connection(
    *, role: str = "client", url: str | None = None, timeout: float | None = None
) -> Iterator[BrokerConnection]:
    """A blocking connection for the length of a `with` block; if the connection breaks
    inside it, its address is tried last from then on."""
    connection = open_connection(role=role, url=url, timeout=timeout)
    try:
        yield connection
    except pika.exceptions.AMQPConnectionError:
        connection_failed(connection)
        raise
    finally:
        close_connection(connection)


def broker_address(url: str | None = None) -> str:
    """A broker's address without its password, for messages people read (all of them, comma-
    separated, when `url` is not given)."""
    if url is None:
        return ", ".join(broker_address(each) for each in parse_broker_urls(settings.AMQP_URL))
    parameters = pika.URLParameters(url)
    return f"amqp://{parameters.credentials.username}@{parameters.host}:{parameters.port}"
