"""Publishes WOD requests to `wods.generate`: persistent, confirmed, mandatory.

pika's BlockingConnection is not thread-safe, so each thread (a gunicorn thread, the relay,
the consumer) keeps its own connection, opened on first use and reopened after a failure.
"""

import logging
import threading
from collections.abc import Iterable

import pika
import pika.exceptions
from django.conf import settings
from pika.adapters.blocking_connection import BlockingChannel, BlockingConnection

from coachsite.logs import request_extra
from wods.messaging.messages import CONTENT_TYPE, WodMessage
from wods.messaging.topology import (
    ROUTING_KEY,
    Topology,
    TopologyMismatch,
    connection_parameters,
)

logger = logging.getLogger(__name__)

# What a publish can fail with: the broker is away, the channel broke, it refused the message,
# or the queues were declared with other arguments (logged; the relay retries once fixed).
BROKER_ERRORS = (pika.exceptions.AMQPError, OSError, TopologyMismatch)


class PublishError(Exception):
    """The message was not confirmed by the broker; the request stays `pending` for the relay."""


class WodPublisher:
    def __init__(self, *, topology: Topology | None = None, url: str | None = None) -> None:
        self.topology = topology or Topology.from_settings()
        self.url = url
        self._connection: BlockingConnection | None = None
        self._channel: BlockingChannel | None = None

    def publish(self, messages: Iterable[WodMessage]) -> None:
        """Publish each message and wait for the broker's confirm; raise PublishError otherwise.

        A connection that went stale while idle (missed heartbeats) is reopened once.
        """
        messages = list(messages)
        try:
            self._publish(messages)
        except BROKER_ERRORS as first_error:
            self.close()
            logger.info("[RabbitMQ] Reconnecting to publish after: %r", first_error)
            try:
                self._publish(messages)
            except BROKER_ERRORS as error:
                self.close()
                raise PublishError(f"{type(error).__name__}: {error}") from error

    def _publish(self, messages: list[WodMessage]) -> None:
        channel = self._ensure_channel()
        for message in messages:
            channel.basic_publish(
                exchange=self.topology.exchange,
                routing_key=ROUTING_KEY,
                body=message.encode(),
                properties=pika.BasicProperties(
                    content_type=CONTENT_TYPE,
                    delivery_mode=pika.DeliveryMode.Persistent,
                    message_id=str(message.request_id),
                ),
                mandatory=True,
            )
            logger.info(
                "[RabbitMQ] Message sent request_id=%s",
                message.request_id,
                extra=request_extra(message.request_id),
            )

    def _ensure_channel(self) -> BlockingChannel:
        if self._channel is None or not self._channel.is_open:
            self.close()
            self._connection = pika.BlockingConnection(connection_parameters(url=self.url))
            self._channel = self._connection.channel()
            self._channel.confirm_delivery()
            self.topology.declare(self._channel)
        return self._channel

    def close(self) -> None:
        connection, self._connection, self._channel = self._connection, None, None
        if connection is not None and connection.is_open:
            try:
                connection.close()
            except BROKER_ERRORS:
                logger.debug("Closing a broken publisher connection failed", exc_info=True)


_local = threading.local()


def publisher_for_thread() -> WodPublisher:
    """The calling thread's publisher, for the current broker URL and topology settings."""
    topology = Topology.from_settings()
    publisher = getattr(_local, "publisher", None)
    if publisher is None or (publisher.topology, publisher.url) != (topology, settings.AMQP_URL):
        if publisher is not None:
            publisher.close()
        publisher = _local.publisher = WodPublisher(topology=topology, url=settings.AMQP_URL)
    return publisher
