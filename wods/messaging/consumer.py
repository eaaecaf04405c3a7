"""The `wods.generate` consumer: decode, fulfil in batches, ack after commit, reject on failure.

Each loop takes every message already buffered on the channel (up to the prefetch), so a busy
queue is handled in batches of one transaction each while an idle one is served message by
message. A message's fate:

- malformed (bad body, unknown request, contradicting the row) -> rejected without requeue,
  so RabbitMQ dead-letters it to `wods.dead` at once; the reason is logged;
- simulated or real failure -> `basic_reject(requeue=True)`; RabbitMQ counts it toward the
  queue's delivery limit and dead-letters it past `WOD_MAX_DELIVERIES` deliveries;
- stored, or already stored by an earlier delivery -> acked, after the commit.
"""

import logging
import random
import signal
import threading
import time
from dataclasses import dataclass, field

import pika
import pika.exceptions
from django.db import DatabaseError, close_old_connections, connections
from pika.adapters.blocking_connection import BlockingChannel
from pika.spec import Basic, BasicProperties

from coachsite.logs import request_extra
from wods.catalogue import ActiveCatalogue
from wods.messaging.messages import MalformedMessage, WodMessage
from wods.messaging.metrics import ConsumerMetrics
from wods.messaging.topology import Topology, connection_parameters
from wods.services import (
    Failure,
    Fulfilment,
    Outcome,
    wod_requests_fulfil,
    wod_requests_publish_pending,
    wod_requests_record_failures,
)

logger = logging.getLogger(__name__)

RECONNECT_DELAYS = (1, 2, 4, 8, 15, 30)
SIMULATED_FAILURE = "Random failure for testing retries"


class SimulatedFailure(Exception):
    """The flaky dependency the product simulates, at `WOD_FAILURE_RATE`."""


@dataclass
class Delivery:
    tag: int
    message: WodMessage
    attempt: int


@dataclass
class ConsumerStats:
    """What this consumer did since it started, by outcome."""

    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ["done", "retried", "dead_lettered", "duplicate", "malformed"], 0
        )
    )

    @property
    def handled(self) -> int:
        return sum(self.counts.values())


class WodConsumer:
    def __init__(
        self,
        *,
        prefetch: int,
        failure_rate: float,
        max_messages: int | None = None,
        idle_exit: float | None = None,
        topology: Topology | None = None,
        metrics: ConsumerMetrics | None = None,
    ) -> None:
        self.topology = topology or Topology.from_settings()
        self.prefetch = prefetch
        self.failure_rate = failure_rate
        self.max_messages = max_messages
        self.idle_exit = idle_exit
        self.rng = random.Random()
        self.stats = ConsumerStats()
        self.catalogue = ActiveCatalogue()
        self.metrics = metrics or ConsumerMetrics(max_deliveries=self.topology.max_deliveries)
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

    def run(self) -> ConsumerStats:
        """Consume until stopped, `max_messages` handled, or idle for `idle_exit` seconds."""
        self._publish_pending()
        failures_in_a_row = 0
        try:
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
                        "[Consumer] Broker connection lost (%r); reconnecting in %ss",
                        error,
                        delay,
                    )
                    self._stop.wait(delay)
        finally:
            connections.close_all()
        logger.info(
            "[Consumer] Stopped after %d messages: %s", self.stats.handled, self.stats.counts
        )
        return self.stats

    def _should_stop(self) -> bool:
        if self._stop.is_set():
            return True
        return self.max_messages is not None and self.stats.handled >= self.max_messages

    def _publish_pending(self) -> None:
        try:
            published = wod_requests_publish_pending()
        except DatabaseError:
            logger.exception("[Consumer] Could not publish pending requests at start")
            return
        if published:
            logger.info("[Consumer] Published %d pending request(s) at start", published)

    # Consuming
    # --------------------------------------------------------------------------

    def _consume(self) -> None:
        connection = pika.BlockingConnection(connection_parameters())
        try:
            channel = connection.channel()
            self.topology.declare(channel)
            channel.basic_qos(prefetch_count=self.prefetch)
            logger.info(
                "[Consumer] Consuming %s (prefetch %d, failure rate %.2f)",
                self.topology.queue,
                self.prefetch,
                self.failure_rate,
            )
            idle_since = time.monotonic()
            batch: list[tuple[Basic.Deliver, BasicProperties, bytes]] = []
            for method, properties, body in channel.consume(
                self.topology.queue, inactivity_timeout=1
            ):
                self.metrics.tick()
                if method is not None:
                    batch.append((method, properties, body))
                    idle_since = time.monotonic()
                    room = self._room_left()
                    # Everything already buffered joins this batch; then it is handled at once.
                    if channel.get_waiting_message_count() and len(batch) < room:
                        continue
                if batch:
                    with self.metrics.batch(len(batch)):
                        self._handle_batch(channel, batch)
                    batch = []
                if self._should_stop():
                    break
                if self.idle_exit is not None and time.monotonic() - idle_since >= self.idle_exit:
                    logger.info("[Consumer] Idle for %ss, exiting", self.idle_exit)
                    self._stop.set()
                    break
            channel.cancel()
            channel.close()
        finally:
            if connection.is_open:
                connection.close()

    def _room_left(self) -> int:
        if self.max_messages is None:
            return self.prefetch
        return max(1, min(self.prefetch, self.max_messages - self.stats.handled))

    def _handle_batch(
        self, channel: BlockingChannel, batch: list[tuple[Basic.Deliver, BasicProperties, bytes]]
    ) -> None:
        close_old_connections()
        try:
            deliveries = []
            for method, properties, body in batch:
                delivery = self._decode(channel, method, properties, body)
                if delivery is not None:
                    deliveries.append(delivery)
            failed, healthy = self._simulate_failures(deliveries)
            to_ack: list[int] = []
            self._fulfil(channel, healthy, failed, to_ack)
            if to_ack:
                # Every other delivery of the batch is rejected by now, so one cumulative ack
                # settles exactly the stored and duplicate ones, in a single frame.
                channel.basic_ack(max(to_ack), multiple=True)
        finally:
            close_old_connections()

    def _decode(
        self,
        channel: BlockingChannel,
        method: Basic.Deliver,
        properties: BasicProperties,
        body: bytes,
    ) -> Delivery | None:
        logger.info(
            "[Consumer] Received message: message_id=%s delivery=%d",
            properties.message_id,
            method.delivery_tag,
            extra=request_extra(properties.message_id),
        )
        try:
            message = WodMessage.decode(body, content_type=properties.content_type)
        except MalformedMessage as error:
            self._dead_letter(channel, method.delivery_tag, properties.message_id, str(error))
            return None
        return Delivery(tag=method.delivery_tag, message=message, attempt=_attempt(properties))

    def _simulate_failures(
        self, deliveries: list[Delivery]
    ) -> tuple[list[tuple[Delivery, str]], list[Delivery]]:
        failed, healthy = [], []
        for delivery in deliveries:
            if self.failure_rate and self.rng.random() < self.failure_rate:
                failed.append((delivery, SIMULATED_FAILURE))
            else:
                healthy.append(delivery)
        return failed, healthy

    def _fulfil(
        self,
        channel: BlockingChannel,
        healthy: list[Delivery],
        failed: list[tuple[Delivery, str]],
        to_ack: list[int],
    ) -> None:
        """Store the healthy deliveries' WODs, reject the failed ones; collect tags to ack."""
        results: list[Fulfilment] = []
        if healthy:
            try:
                results = wod_requests_fulfil(
                    messages=[delivery.message for delivery in healthy],
                    attempts=[delivery.attempt for delivery in healthy],
                    catalogue=self.catalogue,
                )
            except Exception as error:  # any processing error means a retry, never a crash
                if len(healthy) == 1:
                    logger.exception(
                        "[Consumer] Error processing message: %s",
                        error,
                        extra=request_extra(healthy[0].message.request_id),
                    )
                    failed.append((healthy[0], f"{type(error).__name__}: {error}"))
                    healthy = []
                else:
                    # One bad message must not fail the others: retry them one by one.
                    logger.warning("[Consumer] Batch failed (%r); handling one by one", error)
                    for delivery in healthy:
                        self._fulfil(channel, [delivery], [], to_ack)
                    healthy = []
        self._retry(channel, failed)
        for delivery, result in zip(healthy, results, strict=True):
            if result.outcome is Outcome.INVALID:
                self._dead_letter(
                    channel, delivery.tag, str(delivery.message.request_id), result.reason
                )
                continue
            to_ack.append(delivery.tag)
            self._count(result.outcome.value, delivery.attempt)
            if result.outcome is Outcome.DONE:
                logger.info(
                    "[Consumer] WOD %s stored for request_id=%s (delivery %d)",
                    result.wod_id,
                    delivery.message.request_id,
                    delivery.attempt,
                    extra=request_extra(delivery.message.request_id),
                )
            else:
                logger.info(
                    "[Consumer] Duplicate delivery acked, request_id=%s already done",
                    delivery.message.request_id,
                    extra=request_extra(delivery.message.request_id),
                )

    def _retry(self, channel: BlockingChannel, failed: list[tuple[Delivery, str]]) -> None:
        if not failed:
            return
        max_deliveries = self.topology.max_deliveries
        failures = [
            Failure(
                request_id=delivery.message.request_id,
                attempt=delivery.attempt,
                error=error,
                final=delivery.attempt >= max_deliveries,
            )
            for delivery, error in failed
        ]
        try:
            wod_requests_record_failures(failures=failures)
        except DatabaseError:
            logger.exception("[Consumer] Could not record %d failure(s)", len(failures))
        for (delivery, error), failure in zip(failed, failures, strict=True):
            channel.basic_reject(delivery.tag, requeue=True)
            if failure.final:
                self._count("dead_lettered", delivery.attempt)
                logger.error(
                    "[Consumer] Error processing message: %s; request_id=%s dead after %d "
                    "deliveries",
                    error,
                    delivery.message.request_id,
                    delivery.attempt,
                    extra=request_extra(delivery.message.request_id),
                )
            else:
                self._count("retried", delivery.attempt)
                logger.warning(
                    "[Consumer] Error processing message: %s; request_id=%s requeued "
                    "(delivery %d of %d)",
                    error,
                    delivery.message.request_id,
                    delivery.attempt,
                    max_deliveries,
                    extra=request_extra(delivery.message.request_id),
                )

    def _dead_letter(
        self, channel: BlockingChannel, tag: int, message_id: str | None, reason: str
    ) -> None:
        channel.basic_reject(tag, requeue=False)
        self._count("malformed", 0)
        logger.error(
            "[Consumer] Malformed message dead-lettered: message_id=%s reason=%s",
            message_id,
            reason,
            extra=request_extra(message_id),
        )

    def _count(self, outcome: str, attempt: int) -> None:
        self.stats.counts[outcome] += 1
        self.metrics.record_outcome(outcome, attempt)


def _attempt(properties: BasicProperties) -> int:
    """This delivery's number: quorum queues count earlier failed deliveries in a header."""
    headers = properties.headers or {}
    count = headers.get("x-delivery-count", 0)
    return (count if isinstance(count, int) else 0) + 1
