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

from wods.broker.connection import broker_connection
from wods.broker.outcomes import Outcome
from wods.broker.topology import Topology

logger = logging.getLogger(__name__)

RECONNECT_DELAYS = (1, 2, 4, 8, 15, 30)


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

    def consuming(self, queue: str, prefetch: int) -> None:
        """The loop subscribed to `queue`: at start, and after each reconnection."""

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

        Returns how many deliveries were settled. A lost connection is reopened after a
        growing delay; deliveries not settled on it are redelivered by RabbitMQ.
        """
        failures_in_a_row = 0
        while not self._should_stop():
            try:
                self._consume()
                failures_in_a_row = 0
            except pika.exceptions.AMQPError as error:
                if self._stop.is_set():
                    break
                delay = RECONNECT_DELAYS[min(failures_in_a_row, len(RECONNECT_DELAYS) - 1)]
                failures_in_a_row += 1
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
        with broker_connection() as connection:
            channel = connection.channel()
            self.topology.declare(channel)
            channel.basic_qos(prefetch_count=self.prefetch)
            self.observer.consuming(self.topology.queue, self.prefetch)
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
                        self._handle(channel, batch)
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

    def _handle(self, channel: BlockingChannel, batch: list[Delivery]) -> None:
        decisions = self.handler.handle(batch)
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
