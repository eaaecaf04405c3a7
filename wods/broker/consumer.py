"""The consume loop: connection, reconnection, batching, signals, and decisions put to the channel.

The loop knows AMQP and nothing of what a message means. It hands each batch of deliveries to
a handler, which returns one `Decision` per delivery, and carries the decisions out:

- `REQUEUE` -> `basic_reject(requeue=True)`: RabbitMQ counts the delivery toward the queue's
  delivery limit and dead-letters the message past it;
- `DEAD_LETTER` -> `basic_reject(requeue=False)`: dead-lettered to `wods.dead` at once;
- `ACK` -> once every other delivery of the batch is rejected, one cumulative
  `basic_ack(multiple=True)` settles exactly the acked ones, in a single frame.

Each round takes every message already buffered on the channel (up to the prefetch), so a
busy queue is handled in batches while an idle one is served message by message.

A lost connection (its node died, the network went silent past the heartbeat) is reopened at
once, on the next broker address, then after a growing delay; deliveries not settled on it
go back to the queue, counted by RabbitMQ. A handler that cannot decide now because what it
needs is away (its database restarting) raises `HandlerUnavailable`: the loop keeps the batch
unacked, waits while it keeps the connection alive (heartbeats), and asks again, so an outage
of the database does not spend the messages' deliveries; past `UNAVAILABLE_PATIENCE_SECONDS`
it requeues them.
"""

import logging
import signal
import threading
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import pika.exceptions
from pika.adapters.blocking_connection import BlockingChannel
from pika.spec import Basic, BasicProperties

from wods.broker.connection import BrokerConnection, broker_address, broker_connection
from wods.broker.outcomes import Outcome
from wods.broker.topology import Topology

logger = logging.getLogger(__name__)

# Seconds before each reconnection attempt in a row: the first goes at once to the next node.
RECONNECT_DELAYS = (0, 1, 2, 4, 8, 15, 30)
# Waits between tries of a batch while the handler is unavailable, then how long to keep it.
UNAVAILABLE_RETRY_DELAYS = (1, 2, 3, 5)
UNAVAILABLE_PATIENCE_SECONDS = 60


class HandlerUnavailable(Exception):
    """The handler cannot decide on this batch now (its database is away); the message says
    why. It decided nothing and changed nothing that a second try would not redo."""


@dataclass(frozen=True, slots=True)
class Delivery:
    tag: int
    body: bytes
    content_type: str | None
    message_id: str | None
    attempt: int  # 1 for the first delivery of a message, 2 after one failure, ...


class Action(StrEnum):
    ACK = "ack"
    REQUEUE = "requeue"
    DEAD_LETTER = "dead_letter"


@dataclass(frozen=True, slots=True)
class Decision:
    tag: int
    action: Action
    outcome: Outcome
    reason: str = ""


class Handler(Protocol):
    def handle(self, deliveries: list[Delivery]) -> list[Decision]:
        """One decision for each delivery, in any order."""


class Observer(Protocol):
    """What the loop reports while it runs (for logs, stats and metrics)."""

    def consuming(self, queue: str, prefetch: int, broker: str) -> None:
        """The loop subscribed to `queue` on `broker` (an address without its password): at
        start, and after each reconnection."""

    def tick(self) -> None:
        """The loop came round: a delivery arrived, or a second passed without one."""

    def batch(self, size: int) -> AbstractContextManager[None]:
        """Wraps the handling of one batch, its channel calls included."""

    def settled(self, delivery: Delivery, decision: Decision) -> None:
        """The delivery was acked or rejected as decided."""


class ConsumerLoop:
    def __init__(
        self,
        *,
        handler: Handler,
        observer: Observer,
        topology: Topology,
        prefetch: int,
        max_messages: int | None = None,
        idle_exit: float | None = None,
    ) -> None:
        self.handler = handler
        self.observer = observer
        self.topology = topology
        self.prefetch = prefetch
        self.max_messages = max_messages
        self.idle_exit = idle_exit
        self.handled = 0
        self._stop = threading.Event()
        self._failures_in_a_row = 0

    # Lifecycle
    # --------------------------------------------------------------------------

    def install_signal_handlers(self) -> None:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._on_signal)

    def _on_signal(self, signum: int, frame: object) -> None:
        logger.info("[Consumer] %s received, stopping after the messages in hand", signum)
        self.stop()

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> int:
        """Consume until stopped, `max_messages` handled, or idle for `idle_exit` seconds.

        Returns how many deliveries were settled. A lost connection is reopened on the next
        broker address, after a delay that grows while attempts fail in a row; deliveries not
        settled on it are redelivered by RabbitMQ.
        """
        while not self._should_stop():
            try:
                self._consume()
            except pika.exceptions.AMQPError as error:
                if self._stop.is_set():
                    break
                delay = RECONNECT_DELAYS[min(self._failures_in_a_row, len(RECONNECT_DELAYS) - 1)]
                self._failures_in_a_row += 1
                logger.warning(
                    "[Consumer] Broker connection lost (%r); reconnecting in %ss", error, delay
                )
                self._stop.wait(delay)
        return self.handled

    def _should_stop(self) -> bool:
        if self._stop.is_set():
            return True
        return self.max_messages is not None and self.handled >= self.max_messages

    # Consuming
    # --------------------------------------------------------------------------

    def _consume(self) -> None:
        with broker_connection(role="consumer") as connection:
            channel = connection.channel()
            self.topology.declare(channel)
            channel.basic_qos(prefetch_count=self.prefetch)
            self._failures_in_a_row = 0
            self.observer.consuming(
                self.topology.queue, self.prefetch, broker_address(connection.url)
            )
            idle_since = time.monotonic()
            batch: list[Delivery] = []
            for method, properties, body in channel.consume(
                self.topology.queue, inactivity_timeout=1
            ):
                self.observer.tick()
                if method is not None:
                    batch.append(_delivery(method, properties, body))
                    idle_since = time.monotonic()
                    # Everything already buffered joins this batch; then it is handled at once.
                    if channel.get_waiting_message_count() and len(batch) < self._room_left():
                        continue
                if batch:
                    with self.observer.batch(len(batch)):
                        self._handle(connection, channel, batch)
                    batch = []
                if self._should_stop():
                    break
                if self.idle_exit is not None and time.monotonic() - idle_since >= self.idle_exit:
                    logger.info("[Consumer] Idle for %ss, exiting", self.idle_exit)
                    self._stop.set()
                    break
            channel.cancel()
            channel.close()

    def _room_left(self) -> int:
        if self.max_messages is None:
            return self.prefetch
        return max(1, min(self.prefetch, self.max_messages - self.handled))

    def _handle(
        self, connection: BrokerConnection, channel: BlockingChannel, batch: list[Delivery]
    ) -> None:
        decisions = self._decide(connection, batch)
        by_tag = {delivery.tag: delivery for delivery in batch}
        if sorted(decision.tag for decision in decisions) != sorted(by_tag):
            raise ValueError("The handler must decide once on each delivery of the batch.")
        acked = []
        for decision in decisions:
            if decision.action is Action.ACK:
                acked.append(decision.tag)
            else:
                channel.basic_reject(decision.tag, requeue=decision.action is Action.REQUEUE)
        if acked:
            # Every other delivery of the batch is rejected by now (and every earlier batch
            # settled), so this settles exactly the acked ones.
            channel.basic_ack(max(acked), multiple=True)
        for decision in decisions:
            self.handled += 1
            self.observer.settled(by_tag[decision.tag], decision)

    def _decide(self, connection: BrokerConnection, batch: list[Delivery]) -> list[Decision]:
        """The handler's decisions; while it is unavailable, the same batch again after a
        wait, until UNAVAILABLE_PATIENCE_SECONDS have passed or the loop is stopped: then
        every delivery is requeued (RabbitMQ counts one more delivery for each)."""
        waited = 0.0
        tries = 0
        while True:
            try:
                return self.handler.handle(batch)
            except HandlerUnavailable as error:
                if self._stop.is_set() or waited >= UNAVAILABLE_PATIENCE_SECONDS:
                    logger.error(
                        "[Consumer] %s; %d message(s) requeued after %.0fs",
                        error,
                        len(batch),
                        waited,
                    )
                    return [
                        Decision(delivery.tag, Action.REQUEUE, Outcome.RETRIED, str(error))
                        for delivery in batch
                    ]
                delay = UNAVAILABLE_RETRY_DELAYS[min(tries, len(UNAVAILABLE_RETRY_DELAYS) - 1)]
                logger.warning(
                    "[Consumer] %s; keeping %d message(s), trying again in %ss",
                    error,
                    len(batch),
                    delay,
                )
                waited += self._wait_alive(connection, delay)
                tries += 1

    def _wait_alive(self, connection: BrokerConnection, seconds: float) -> float:
        """Wait up to `seconds`, answering the broker's heartbeats, and waking once a second
        to tick and to notice a stop; returns the seconds waited."""
        started = time.monotonic()
        while not self._stop.is_set() and time.monotonic() - started < seconds:
            connection.sleep(max(0.0, min(1.0, seconds - (time.monotonic() - started))))
            self.observer.tick()
        return time.monotonic() - started


def _delivery(method: Basic.Deliver, properties: BasicProperties, body: bytes) -> Delivery:
    # Quorum queues count a message's earlier failed deliveries in a header.
    count = (properties.headers or {}).get("x-delivery-count", 0)
    return Delivery(
        tag=method.delivery_tag,
        body=body,
        content_type=properties.content_type,
        message_id=properties.message_id,
        attempt=(count if isinstance(count, int) else 0) + 1,
    )
