"""Publishes WOD requests to `wods.generate`: persistent, confirmed, mandatory.

Two paths, one guarantee (a request counts as published only once the broker confirmed it):

- `WodPublisher`, for one request at a time (the API): pika's BlockingConnection is not
  thread-safe, so each thread (a gunicorn thread, the consumer) keeps its own connection,
  opened on first use and reopened after a failure, and waits for each confirm in turn.
- `publish_batch`, for many (the daily requests, the relay): one connection of its own that
  sends every message before it waits, then settles all the confirms as they arrive.

`publish_confirmed` picks the path by the number of messages.

On a cluster, a publish can fail because its node died (the connection is lost) or because
`wods.generate` is electing a new leader (the broker nacks the message for a fraction of a
second). Either way the outcome is unknown, so each path tries again, on another node
(`wods.broker.connection` puts the failed one last), after a pause when the broker nacked.
What is still not confirmed then is reported so: its request stays `pending` for the relay,
and a message that did reach the queue after all is a duplicate the consumer recognises.
"""

import logging
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pika
import pika.channel
import pika.exceptions
import pika.frame
import pika.spec
from django.conf import settings
from pika.adapters.blocking_connection import BlockingChannel
from pika.adapters.select_connection import IOLoop
from pika.adapters.utils import connection_workflow

from coachsite.logs import request_extra
from wods.broker.connection import (
    BROKER_ERRORS,
    BrokerConnection,
    broker_address,
    broker_addresses,
    close_connection,
    connection_failed,
    connection_parameters,
    open_connection,
    parse_broker_urls,
)
from wods.broker.messages import WodMessage, message_properties
from wods.broker.topology import PRECONDITION_FAILED, ROUTING_KEY, Topology, TopologyMismatch

logger = logging.getLogger(__name__)

# Tries of a publish that fails on an open connection: once more at once on the next node
# (its node died), and again after a nack (the queue was electing a leader).
PUBLISH_ATTEMPTS = 3
# A leader election of a quorum queue took 0.2-0.4 s on a 3-node cluster (docs/SCALING.md):
# a publish the broker nacked is tried again once this has passed.
NACKED_RETRY_PAUSE_SECONDS = 0.5
# Failures that another try would meet again: no queue takes the message, or the queues
# exist with other arguments.
HOPELESS = (pika.exceptions.UnroutableError, TopologyMismatch)


class PublishError(Exception):
    """The message was not confirmed by the broker; the request stays `pending` for the relay."""


class WodPublisher:
    def __init__(self, *, topology: Topology | None = None) -> None:
        self.topology = topology or Topology.from_settings()
        self._connection: BrokerConnection | None = None
        self._channel: BlockingChannel | None = None

    def publish(self, messages: Iterable[WodMessage]) -> None:
        """Publish each message and wait for the broker's confirm; raise PublishError otherwise.

        A failure on an open connection (one that went stale while idle, a node that died, a
        nack during a leader election) is tried again on a new connection, to another node
        when there is one, up to PUBLISH_ATTEMPTS tries in all. When no broker address takes
        a connection, or the queues cannot be declared, there is nothing to try again.
        """
        messages = list(messages)
        for attempt in range(1, PUBLISH_ATTEMPTS + 1):
            try:
                channel = self._ensure_channel()
            except BROKER_ERRORS as error:
                # No address took a connection (each was tried), or the queues cannot be
                # declared as configured.
                self._discard_connection()
                raise PublishError(f"{type(error).__name__}: {error}") from error
            try:
                self._publish(channel, messages)
                return
            except BROKER_ERRORS as error:
                self._discard_connection()
                if attempt == PUBLISH_ATTEMPTS or isinstance(error, HOPELESS):
                    raise PublishError(f"{type(error).__name__}: {error}") from error
                logger.info("[RabbitMQ] Publishing again on a new connection after: %r", error)
                if isinstance(error, pika.exceptions.NackError):
                    time.sleep(NACKED_RETRY_PAUSE_SECONDS)

    def _publish(self, channel: BlockingChannel, messages: list[WodMessage]) -> None:
        for message in messages:
            channel.basic_publish(
                exchange=self.topology.exchange,
                routing_key=ROUTING_KEY,
                body=message.encode(),
                properties=message_properties(message),
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
            self._connection = open_connection(role="publisher")
            self._channel = self._connection.channel()
            self._channel.confirm_delivery()
            self.topology.declare(self._channel)
        return self._channel

    def close(self) -> None:
        connection, self._connection, self._channel = self._connection, None, None
        if connection is not None:
            close_connection(connection)

    def _discard_connection(self) -> None:
        """Close the connection a publish failed on; its node is tried last from now on."""
        if self._connection is not None:
            connection_failed(self._connection)
        self.close()


_local = threading.local()


def publisher_for_thread() -> WodPublisher:
    """The calling thread's publisher, for the current broker addresses and topology settings."""
    key = (Topology.from_settings(), settings.AMQP_URL)
    publisher = getattr(_local, "publisher", None)
    if publisher is None or _local.key != key:
        if publisher is not None:
            publisher.close()
        publisher = _local.publisher = WodPublisher(topology=key[0])
        _local.key = key
    return publisher


# Many messages at once: pipelined publishes, batched confirms
# ------------------------------------------------------------------------------

BATCH_CONFIRM_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class PublishResult:
    """The request ids the broker confirmed; `failure` says why the others were not."""

    confirmed: frozenset[uuid.UUID]
    failure: str = ""


def publish_confirmed(messages: Sequence[WodMessage]) -> PublishResult:
    """Publish the messages and report which ones the broker confirmed.

    A single message (the API's case) goes over the calling thread's open connection, which
    costs no connection set-up; several go through `publish_batch`.
    """
    if len(messages) != 1:
        return publish_batch(messages)
    try:
        publisher_for_thread().publish(messages)
    except PublishError as error:
        return PublishResult(confirmed=frozenset(), failure=str(error))
    return PublishResult(confirmed=frozenset({messages[0].request_id}))


def publish_batch(
    messages: Sequence[WodMessage],
    *,
    topology: Topology | None = None,
    url: str | None = None,
    timeout: float = BATCH_CONFIRM_TIMEOUT_SECONDS,
) -> PublishResult:
    """Publish every message over one new connection, then wait once for all the confirms.

    The broker addresses are tried in this process's order (those of `url` in theirs) until
    one takes the connection. When the batch breaks off after connecting (the node died, the
    broker nacked during a leader election, no confirm in time), the messages it left
    unconfirmed are published again on the next node, up to PUBLISH_ATTEMPTS tries.
    """
    topology = topology or Topology.from_settings()
    addresses = broker_addresses()
    candidates = deque(parse_broker_urls(url) if url else addresses.in_order())
    unconfirmed = list(messages)
    confirmed: set[uuid.UUID] = set()
    failures: list[str] = []
    tries = 0
    while unconfirmed and candidates:
        address = candidates.popleft()
        attempt = _BatchPublish(
            unconfirmed,
            topology=topology,
            parameters=connection_parameters(address, role="batch publisher"),
            timeout=timeout,
        )
        result = attempt.run()
        confirmed |= result.confirmed
        unconfirmed = [message for message in unconfirmed if message.request_id not in confirmed]
        if not result.failure:
            break
        failures.append(f"{broker_address(address)}: {result.failure}")
        addresses.failed(address)
        if attempt.connection is not None:
            tries += 1
            if tries == PUBLISH_ATTEMPTS or attempt.topology_mismatch:
                break
            if attempt.refused["nacked by the broker"]:
                time.sleep(NACKED_RETRY_PAUSE_SECONDS)
            candidates = deque(parse_broker_urls(url) if url else addresses.in_order())
    return PublishResult(
        confirmed=frozenset(confirmed), failure="; ".join(failures) if unconfirmed else ""
    )


class _BatchPublish:
    """One connection that publishes a batch and settles its confirms; used once.

    pika's BlockingChannel waits for each confirm before the next publish; its asynchronous
    SelectConnection does not (pika's `examples/asynchronous_publisher_example.py`). In
    confirm mode the broker numbers the publishes on a channel from 1 (the delivery tag) and
    answers each with Basic.Ack or Basic.Nack, where `multiple` settles every tag up to the
    given one. A mandatory message that no queue takes comes back as Basic.Return before its
    ack, so it counts as a failure; so does a nack (`wods.generate` full) and every message
    still unconfirmed when the channel or the connection closes, or the timeout passes.
    https://www.rabbitmq.com/docs/confirms#publisher-confirms
    """

    def __init__(
        self,
        messages: Sequence[WodMessage],
        *,
        topology: Topology,
        parameters: pika.URLParameters,
        timeout: float,
    ) -> None:
        self.messages = list(messages)
        self.topology = topology
        self.parameters = parameters
        self.timeout = timeout
        self.unconfirmed: dict[int, uuid.UUID] = {}
        self.lowest_unsettled_tag = 1
        self.returned: set[str] = set()
        self.confirmed: set[uuid.UUID] = set()
        self.refused = {"returned unroutable": 0, "nacked by the broker": 0}
        self.interruption = ""
        self.topology_mismatch = False
        self.finished = False
        self.ioloop = IOLoop()
        self.connecting: connection_workflow.AbstractAMQPConnectionWorkflow | None = None
        self.connection: pika.SelectConnection | None = None
        self.channel: pika.channel.Channel | None = None

    def run(self) -> PublishResult:
        if not self.messages:
            return PublishResult(confirmed=frozenset())
        ioloop = self.ioloop
        self.connecting = pika.SelectConnection.create_connection(
            [self.parameters], self._on_connection_done, custom_ioloop=ioloop
        )
        deadline = ioloop.call_later(self.timeout, self._on_timeout)
        try:
            ioloop.start()
        finally:
            ioloop.remove_timeout(deadline)
            ioloop.close()
        failures = [f"{count} {reason}" for reason, count in self.refused.items() if count]
        if self.interruption:
            failures.append(self.interruption)
        if failures:
            logger.warning(
                "[RabbitMQ] %d of %d message(s) not confirmed: %s",
                len(self.messages) - len(self.confirmed),
                len(self.messages),
                "; ".join(failures),
            )
        if self.confirmed:
            logger.info("[RabbitMQ] %d message(s) sent and confirmed", len(self.confirmed))
        return PublishResult(confirmed=frozenset(self.confirmed), failure="; ".join(failures))

    # Opening: connection, channel, confirm mode, then the topology, one step at a time.

    def _on_connection_done(self, result: pika.SelectConnection | BaseException) -> None:
        self.connecting = None
        if isinstance(result, BaseException):
            self._interrupted(f"cannot connect: {_last_attempt_error(result)!r}")
            self.ioloop.stop()
            return
        self.connection = result
        result.add_on_close_callback(self._on_connection_closed)
        result.channel(on_open_callback=self._on_channel_open)

    def _on_channel_open(self, channel: pika.channel.Channel) -> None:
        self.channel = channel
        channel.add_on_close_callback(self._on_channel_closed)
        channel.add_on_return_callback(self._on_return)
        channel.confirm_delivery(
            ack_nack_callback=self._on_confirm,
            callback=lambda _frame: self._declare(self.topology.declarations()),
        )

    def _declare(self, steps: list[tuple[str, dict]]) -> None:
        if not steps:
            self._publish_all()
            return
        method, arguments = steps[0]
        getattr(self.channel, method)(**arguments, callback=lambda _frame: self._declare(steps[1:]))

    # Publishing and settling.

    def _publish_all(self) -> None:
        for tag, message in enumerate(self.messages, start=1):
            self.channel.basic_publish(
                exchange=self.topology.exchange,
                routing_key=ROUTING_KEY,
                body=message.encode(),
                properties=message_properties(message),
                mandatory=True,
            )
            self.unconfirmed[tag] = message.request_id

    def _on_return(
        self,
        channel: pika.channel.Channel,
        method: pika.spec.Basic.Return,
        properties: pika.BasicProperties,
        body: bytes,
    ) -> None:
        self.returned.add(properties.message_id)

    def _on_confirm(self, frame: pika.frame.Method) -> None:
        confirm = frame.method
        acked = isinstance(confirm, pika.spec.Basic.Ack)
        if confirm.multiple:
            tags = range(self.lowest_unsettled_tag, confirm.delivery_tag + 1)
            self.lowest_unsettled_tag = confirm.delivery_tag + 1
        else:
            tags = (confirm.delivery_tag,)
        for tag in tags:
            request_id = self.unconfirmed.pop(tag, None)
            if request_id is None:
                continue
            if not acked:
                self.refused["nacked by the broker"] += 1
            elif str(request_id) in self.returned:
                self.refused["returned unroutable"] += 1
            else:
                self.confirmed.add(request_id)
        if not self.unconfirmed:
            self._close()

    # Closing, whether every confirm arrived or something broke first.

    def _on_timeout(self) -> None:
        self._interrupted(f"no confirm within {self.timeout:g}s")
        self._close()

    def _on_channel_closed(self, channel: pika.channel.Channel, reason: BaseException) -> None:
        if isinstance(reason, pika.exceptions.ChannelClosedByClient):
            return  # our own close, on the way to closing the connection
        if (
            isinstance(reason, pika.exceptions.ChannelClosedByBroker)
            and reason.reply_code == PRECONDITION_FAILED
        ):
            self.topology_mismatch = True
            self._interrupted(str(TopologyMismatch.from_reply(reason.reply_text)))
        else:
            self._interrupted(f"channel closed: {reason!r}")
        self._close()

    def _on_connection_closed(
        self, connection: pika.SelectConnection, reason: BaseException
    ) -> None:
        self._interrupted(f"connection closed: {reason!r}")
        connection.ioloop.stop()

    def _interrupted(self, reason: str) -> None:
        """Note the first thing that broke off the batch, unless the batch had finished."""
        if not self.finished and not self.interruption:
            self.interruption = reason

    def _close(self) -> None:
        """Close the connection (or stop connecting); its callback then stops the loop."""
        if not self.unconfirmed and not self.interruption:
            self.finished = True
        if self.connecting is not None:
            self.connecting.abort()
        elif not (self.connection.is_closing or self.connection.is_closed):
            self.connection.close()


def _last_attempt_error(error: BaseException) -> BaseException:
    """The error of the last address tried, as pika's BlockingConnection reports it."""
    if isinstance(error, connection_workflow.AMQPConnectionWorkflowFailed):
        error = error.exceptions[-1]
        if isinstance(error, connection_workflow.AMQPConnectorSocketConnectError):
            return pika.exceptions.AMQPConnectionError(error)
        if isinstance(error, connection_workflow.AMQPConnectorPhaseErrorBase):
            return error.exception
    return error
