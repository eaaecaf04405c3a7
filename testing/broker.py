"""RabbitMQ as a test sees it: is it there, its queues' counts, raw publishing and draining."""

import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager

import requests

from testing.probes import wait_until
from wods.broker import BROKER_ERRORS
from wods.broker.connection import broker_connection
from wods.broker.messages import CONTENT_TYPE, WodMessage, persistent_properties
from wods.broker.stats import MANAGEMENT_TIMEOUT_SECONDS, management_apis
from wods.broker.topology import ROUTING_KEY, Topology
from wods.models import WodRequest

ENABLE_MANAGEMENT_HINT = "enable it with `rabbitmq-plugins enable rabbitmq_management`"


def broker_unreachable() -> str | None:
    """Why RabbitMQ cannot be reached, or None when it answers."""
    try:
        with broker_connection():
            pass
    except BROKER_ERRORS as error:
        return repr(error)
    return None


def management_api_unreachable() -> str | None:
    """Why RabbitMQ's management API (its first address) does not answer, or None when it does."""
    api = management_apis()[0]
    try:
        requests.get(
            f"{api.url}/api/overview", auth=api.auth, timeout=MANAGEMENT_TIMEOUT_SECONDS
        ).raise_for_status()
    except requests.RequestException as error:
        address = urllib.parse.urlsplit(api.url)
        return f"no answer at {address.hostname}:{address.port} ({type(error).__name__})"
    return None


def declare_topology(topology: Topology, *, url: str) -> None:
    with broker_connection(url=url) as connection:
        topology.declare(connection.channel())


def delete_topology(topology: Topology, *, url: str) -> None:
    with broker_connection(url=url) as connection:
        channel = connection.channel()
        for queue in (topology.queue, topology.dead_letter_queue):
            channel.queue_delete(queue)
        for exchange in (topology.exchange, topology.dead_letter_exchange):
            channel.exchange_delete(exchange)


class Broker:
    """A test's view of its queues: counts, raw publishing and draining, through real AMQP."""

    def __init__(self, topology: Topology, url: str) -> None:
        self.topology = topology
        self.url = url

    @contextmanager
    def channel(self) -> Iterator:
        """A channel on a connection of its own, closed with the block."""
        with broker_connection(url=self.url) as connection:
            yield connection.channel()

    def count(self, queue: str) -> int:
        with self.channel() as channel:
            return channel.queue_declare(queue, passive=True).method.message_count

    def ready(self) -> int:
        return self.count(self.topology.queue)

    def dead(self) -> int:
        return self.count(self.topology.dead_letter_queue)

    def wait_for_dead(self, count: int) -> None:
        """Wait until the dead-letter queue holds `count` messages.

        A quorum queue dead-letters in the background: a message rejected for the last time
        reaches `wods.dead` a moment after the consumer moved on.
        """
        wait_until(lambda: self.dead() == count, details=lambda: f"{self.dead()} dead letters")

    def consumers(self) -> int:
        with self.channel() as channel:
            return channel.queue_declare(self.topology.queue, passive=True).method.consumer_count

    def publish_raw(
        self,
        body: bytes,
        *,
        content_type: str | None = None,
        message_id: str | None = None,
        dead: bool = False,
    ) -> None:
        """Publish any body, persistent and confirmed, as a broken or hostile client could;
        `dead`: straight into `wods.dead`, through its dead-letter exchange."""
        exchange = self.topology.dead_letter_exchange if dead else self.topology.exchange
        with self.channel() as channel:
            channel.confirm_delivery()
            channel.basic_publish(
                exchange=exchange,
                routing_key=ROUTING_KEY,
                body=body,
                properties=persistent_properties(content_type=content_type, message_id=message_id),
                mandatory=True,
            )

    def publish_request(self, request: WodRequest) -> None:
        """Publish a request's message as the publisher does, without touching its row."""
        message = WodMessage(
            request_id=request.id, user_email=request.user.email, for_date=request.for_date
        )
        self.publish_raw(message.encode(), content_type=CONTENT_TYPE, message_id=str(request.id))

    def crash_until_dead_lettered(self, count: int) -> None:
        """Take the messages of `wods.generate` and vanish without settling them, as consumers
        that crash do, until RabbitMQ has dead-lettered `count` of them past the delivery
        limit. No message is rejected: nothing a consumer would record happens."""

        def crash_once() -> None:
            with self.channel() as channel:
                while channel.basic_get(self.topology.queue)[0] is not None:
                    pass
            # Leaving the block closes the connection: every message returns, counted.

        wait_until(
            lambda: crash_once() or self.dead() >= count,
            details=lambda: f"{self.dead()} of {count} dead-lettered",
        )

    def get_dead(self) -> list[tuple]:
        """Take every message out of the dead-letter queue: (properties, body) each."""
        messages = []
        with self.channel() as channel:
            while True:
                method, properties, body = channel.basic_get(self.topology.dead_letter_queue)
                if method is None:
                    return messages
                channel.basic_ack(method.delivery_tag)
                messages.append((properties, body))
