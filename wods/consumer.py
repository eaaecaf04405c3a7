"""The `wods.generate` consumer: what becomes of each message, and the process that runs it.

`WodHandler` decides, with the database work done by services; `wods.broker.consumer`'s loop
carries the decisions out on the channel. A message's fate:

- malformed (bad body, unknown request, contradicting the row) -> dead-lettered to `wods.dead`
  at once, and no row touched; the reason is logged. Each message is checked against its row
  before anything else (the simulated failure too), so a forged one never counts as a failure
  of the request it names;
- simulated or real failure -> requeued; RabbitMQ counts it toward the queue's delivery limit
  and dead-letters it past `WOD_MAX_DELIVERIES` deliveries, when its request is marked dead;
- stored, or already stored by an earlier delivery -> acked, after the commit.

A batch is stored in one transaction; when it fails, its messages are tried one by one, so one
bad message cannot fail the others. When it fails because the database cannot be reached (a
restart, a failover), no message is to blame: the handler raises `HandlerUnavailable` and the
loop hands the same batch over again once it has waited, without spending a delivery.
"""

import logging
import random
import uuid
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    connections,
)

from coachsite.logs import request_extra
from wods.broker.consumer import Action, ConsumerLoop, Decision, Delivery, HandlerUnavailable
from wods.broker.messages import MalformedMessage, WodMessage
from wods.broker.outcomes import Outcome
from wods.broker.topology import Topology
from wods.catalogue import ActiveCatalogue
from wods.consumer_metrics import ConsumerMetrics
from wods.models import WodRequest
from wods.selectors import wod_message_mismatches
from wods.services import (
    Failure,
    Fulfilment,
    wod_requests_fulfil,
    wod_requests_publish_pending,
    wod_requests_record_failures,
)

logger = logging.getLogger(__name__)

SIMULATED_FAILURE = "Random failure for testing retries"
# What a lost or refused database connection raises; whether the database is really away is
# then asked of the database itself (`database_answers`).
CONNECTION_ERRORS = (OperationalError, InterfaceError)


def database_answers() -> bool:
    """Whether the database takes a query now, on a connection that is not a broken one."""
    close_old_connections()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def raise_if_database_away(error: Exception) -> None:
    """`HandlerUnavailable` when `error` came from a database that does not answer now; an
    error of a database that answers (a deadlock, say) belongs to the messages."""
    if isinstance(error, CONNECTION_ERRORS) and not database_answers():
        raise HandlerUnavailable(
            f"The database is unavailable ({type(error).__name__}: {' '.join(str(error).split())})"
        ) from error


class SimulatedFailures:
    """The flaky dependency the product simulates (WOD_FAILURE_RATE): each decoded message
    fails at `rate`, before any work is done for it."""

    def __init__(self, rate: float, rng: random.Random | None = None) -> None:
        self.rate = rate
        self.rng = rng or random.Random()

    def failure(self, delivery: Delivery) -> str | None:
        """Why this delivery fails, or None when it goes through."""
        if self.rate and self.rng.random() < self.rate:
            return SIMULATED_FAILURE
        return None


def _named_request(message_id: str | None) -> uuid.UUID | None:
    """The request id a message id is, if it is one: only then does a line carry it as its
    `request_id`, which plain-text lines write out as it is."""
    try:
        return uuid.UUID(message_id)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class _Decoded:
    delivery: Delivery
    message: WodMessage


@dataclass(frozen=True, slots=True)
class _Failed:
    decoded: _Decoded
    code: WodRequest.ErrorCode  # what the athlete is shown
    error: str  # the detail, logged and kept for the admin


class WodHandler:
    """Decodes a batch of deliveries, stores their WODs through services, and decides."""

    def __init__(self, *, max_deliveries: int, failures: SimulatedFailures) -> None:
        self.max_deliveries = max_deliveries
        self.failures = failures
        # Read again only when staff change the catalogue (wods.catalogue's rule).
        self.catalogue = ActiveCatalogue()

    def handle(self, deliveries: list[Delivery]) -> list[Decision]:
        close_old_connections()
        try:
            decisions: list[Decision] = []
            decoded_batch: list[_Decoded] = []
            for delivery in deliveries:
                decoded = self._decode(delivery)
                if isinstance(decoded, Decision):
                    decisions.append(decoded)
                else:
                    decoded_batch.append(decoded)
            if self.failures.rate:
                # A simulated failure strikes before any row is read: forged messages are
                # told apart first, so none is retried as if it were a request's.
                matching, mismatched = self._match(decoded_batch)
                decisions += mismatched
            else:
                # Storing checks every message against its row, under its lock.
                matching = decoded_batch
            healthy: list[_Decoded] = []
            failed: list[_Failed] = []
            for decoded in matching:
                if reason := self.failures.failure(decoded.delivery):
                    failed.append(_Failed(decoded, WodRequest.ErrorCode.SIMULATED_FAILURE, reason))
                else:
                    healthy.append(decoded)
            if healthy:
                stored, errors = self._fulfil(healthy)
                decisions += stored
                failed += errors
            if failed:
                decisions += self._retry(failed)
            return decisions
        finally:
            close_old_connections()

    def _decode(self, delivery: Delivery) -> _Decoded | Decision:
        logger.info(
            "[Consumer] Received message: message_id=%r delivery=%d",
            delivery.message_id,
            delivery.tag,
            extra=request_extra(_named_request(delivery.message_id)),
        )
        try:
            message = WodMessage.decode(delivery.body, content_type=delivery.content_type)
        except MalformedMessage as error:
            return self._dead_letter(delivery, delivery.message_id, str(error))
        return _Decoded(delivery, message)

    def _match(self, batch: list[_Decoded]) -> tuple[list[_Decoded], list[Decision]]:
        """The messages that describe their request rows, and a dead-letter decision for each
        other one."""
        if not batch:
            return [], []
        try:
            mismatches = wod_message_mismatches(messages=[decoded.message for decoded in batch])
        except DatabaseError as error:
            raise_if_database_away(error)
            # They go on unchecked: storing them checks each row again under its lock, and
            # recording their failures touches only rows they describe.
            logger.warning("[Consumer] Could not check the batch against its requests (%r)", error)
            return batch, []
        matching, mismatched = [], []
        for decoded, mismatch in zip(batch, mismatches, strict=True):
            if mismatch is None:
                matching.append(decoded)
            else:
                request_id = str(decoded.message.request_id)
                mismatched.append(self._dead_letter(decoded.delivery, request_id, mismatch))
        return matching, mismatched

    def _fulfil(self, batch: list[_Decoded]) -> tuple[list[Decision], list[_Failed]]:
        """Store the batch's WODs in one transaction: the decisions, and the messages that
        failed with why."""
        try:
            results = wod_requests_fulfil(
                messages=[decoded.message for decoded in batch],
                attempts=[decoded.delivery.attempt for decoded in batch],
                catalogue=self.catalogue,
            )
        except Exception as error:  # any processing error means a retry, never a crash
            raise_if_database_away(error)
            if len(batch) == 1:
                logger.exception(
                    "[Consumer] Error processing message: %s",
                    error,
                    extra=request_extra(batch[0].message.request_id),
                )
                code = WodRequest.ErrorCode.GENERATION_FAILED
                return [], [_Failed(batch[0], code, f"{type(error).__name__}: {error}")]
            # One bad message must not fail the others: try them one by one.
            logger.warning("[Consumer] Batch failed (%r); handling one by one", error)
            decisions, failed = [], []
            for decoded in batch:
                one_decision, one_failure = self._fulfil([decoded])
                decisions += one_decision
                failed += one_failure
            return decisions, failed
        return [
            self._decide(decoded, result) for decoded, result in zip(batch, results, strict=True)
        ], []

    def _decide(self, decoded: _Decoded, result: Fulfilment) -> Decision:
        request_id = decoded.message.request_id
        if result.outcome is Outcome.MALFORMED:
            return self._dead_letter(decoded.delivery, str(request_id), result.reason)
        if result.outcome is Outcome.DONE:
            logger.info(
                "[Consumer] WOD %s stored for request_id=%s (delivery %d)",
                result.wod_id,
                request_id,
                decoded.delivery.attempt,
                extra=request_extra(request_id),
            )
        else:
            logger.info(
                "[Consumer] Duplicate delivery acked, request_id=%s already done",
                request_id,
                extra=request_extra(request_id),
            )
        return Decision(decoded.delivery.tag, Action.ACK, result.outcome)

    def _retry(self, failed: list[_Failed]) -> list[Decision]:
        """Note the failures on their requests; each message goes back to the queue, and on
        its last allowed delivery RabbitMQ dead-letters it."""
        failures = [
            Failure(
                message=one.decoded.message,
                attempt=one.decoded.delivery.attempt,
                code=one.code,
                error=one.error,
                final=one.decoded.delivery.attempt >= self.max_deliveries,
            )
            for one in failed
        ]
        try:
            wod_requests_record_failures(failures=failures)
        except DatabaseError as error:
            raise_if_database_away(error)
            logger.exception("[Consumer] Could not record %d failure(s)", len(failures))
        decisions = []
        for one, failure in zip(failed, failures, strict=True):
            decoded, error = one.decoded, one.error
            request_id = decoded.message.request_id
            if failure.final:
                outcome = Outcome.DEAD_LETTERED
                logger.error(
                    "[Consumer] Error processing message: %s; request_id=%s dead after %d "
                    "deliveries",
                    error,
                    request_id,
                    failure.attempt,
                    extra=request_extra(request_id),
                )
            else:
                outcome = Outcome.RETRIED
                logger.warning(
                    "[Consumer] Error processing message: %s; request_id=%s requeued "
                    "(delivery %d of %d)",
                    error,
                    request_id,
                    failure.attempt,
                    self.max_deliveries,
                    extra=request_extra(request_id),
                )
            decisions.append(Decision(decoded.delivery.tag, Action.REQUEUE, outcome, error))
        return decisions

    def _dead_letter(self, delivery: Delivery, message_id: str | None, reason: str) -> Decision:
        logger.error(
            "[Consumer] Malformed message dead-lettered: message_id=%r reason=%s",
            message_id,
            reason,
            extra=request_extra(_named_request(message_id)),
        )
        return Decision(delivery.tag, Action.DEAD_LETTER, Outcome.MALFORMED, reason)


@dataclass
class ConsumerStats:
    """What this consumer did since it started, by outcome."""

    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys([outcome.value for outcome in Outcome], 0)
    )

    @property
    def handled(self) -> int:
        return sum(self.counts.values())


class WodConsumer:
    """What `consume_wods` runs: the loop over the handler, with its stats and metrics."""

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
        self.failure_rate = failure_rate
        self.stats = ConsumerStats()
        self.metrics = metrics or ConsumerMetrics(max_deliveries=self.topology.max_deliveries)
        self.handler = WodHandler(
            max_deliveries=self.topology.max_deliveries,
            failures=SimulatedFailures(failure_rate),
        )
        self.loop = ConsumerLoop(
            handler=self.handler,
            observer=self,
            topology=self.topology,
            prefetch=prefetch,
            max_messages=max_messages,
            idle_exit=idle_exit,
        )

    def install_signal_handlers(self) -> None:
        self.loop.install_signal_handlers()

    def stop(self) -> None:
        self.loop.stop()

    def run(self) -> ConsumerStats:
        self._publish_pending()
        try:
            self.loop.run()
        finally:
            connections.close_all()
        logger.info(
            "[Consumer] Stopped after %d messages: %s", self.stats.handled, self.stats.counts
        )
        return self.stats

    def _publish_pending(self) -> None:
        try:
            published = wod_requests_publish_pending()
        except DatabaseError:
            logger.exception("[Consumer] Could not publish pending requests at start")
            return
        if published:
            logger.info("[Consumer] Published %d pending request(s) at start", published)

    # What the loop reports
    # --------------------------------------------------------------------------

    def consuming(self, queue: str, prefetch: int, broker: str) -> None:
        logger.info(
            "[Consumer] Consuming %s on %s (prefetch %d, failure rate %.2f)",
            queue,
            broker,
            prefetch,
            self.failure_rate,
        )

    def tick(self) -> None:
        self.metrics.tick()

    def batch(self, size: int) -> AbstractContextManager[None]:
        return self.metrics.batch(size)

    def settled(self, delivery: Delivery, decision: Decision) -> None:
        self.stats.counts[decision.outcome.value] += 1
        self.metrics.record_outcome(decision.outcome, delivery.attempt)
