"""Moves dead letters from `wods.dead` back to `wods.generate` (the `requeue_dead_wods` command)."""

import logging
import uuid
from dataclasses import dataclass, field

import pika
from pika.adapters.blocking_connection import BlockingChannel

from wods.messaging.messages import MalformedMessage, WodMessage
from wods.messaging.topology import ROUTING_KEY, Topology, connection_parameters
from wods.models import WodRequest
from wods.services import wod_requests_mark_requeued

logger = logging.getLogger(__name__)

# Headers the broker wrote about the message's earlier life; a replayed message starts afresh.
BROKER_HEADERS = (
    "x-death",
    "x-delivery-count",
    "x-first-death-exchange",
    "x-first-death-queue",
    "x-first-death-reason",
    "x-last-death-exchange",
    "x-last-death-queue",
    "x-last-death-reason",
)


@dataclass
class ReplayReport:
    replayed: list[uuid.UUID] = field(default_factory=list)
    already_done: list[uuid.UUID] = field(default_factory=list)
    kept: list[tuple[str | None, str]] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return len(self.replayed) + len(self.already_done) + len(self.kept)

    def summary(self, *, dry_run: bool = False) -> str:
        verb = "Would replay" if dry_run else "Replayed"
        return (
            f"{verb} {len(self.replayed)} dead letter(s); {len(self.already_done)} already done; "
            f"{len(self.kept)} kept in the dead queue."
        )


class DeadLetterReplayer:
    def __init__(self, *, topology: Topology | None = None) -> None:
        self.topology = topology or Topology.from_settings()

    def replay(self, *, limit: int | None = None, dry_run: bool = False) -> ReplayReport:
        """Look at up to `limit` dead letters (those present at the start) and replay each.

        A dead letter of a request already `done` is dropped (its WOD exists). One that is not
        a valid request message stays in `wods.dead`, with its reason in the report. On a dry
        run nothing moves.
        """
        report = ReplayReport()
        connection = pika.BlockingConnection(connection_parameters())
        try:
            channel = connection.channel()
            self.topology.declare(channel)
            channel.confirm_delivery()
            waiting = channel.queue_declare(
                self.topology.dead_letter_queue, passive=True
            ).method.message_count
            budget = waiting if limit is None else min(waiting, limit)
            for _ in range(budget):
                method, properties, body = channel.basic_get(self.topology.dead_letter_queue)
                if method is None:
                    break
                self._replay_one(channel, method.delivery_tag, properties, body, report, dry_run)
        finally:
            # Unacked dead letters (kept, or a dry run) return to wods.dead on close.
            if connection.is_open:
                connection.close()
        return report

    def _replay_one(
        self,
        channel: BlockingChannel,
        tag: int,
        properties: pika.BasicProperties,
        body: bytes,
        report: ReplayReport,
        dry_run: bool,
    ) -> None:
        try:
            message = WodMessage.decode(body, content_type=properties.content_type)
        except MalformedMessage as error:
            report.kept.append((properties.message_id, str(error)))
            return
        status = (
            WodRequest.objects.filter(pk=message.request_id)
            .values_list("status", flat=True)
            .first()
        )
        if status is None:
            report.kept.append((str(message.request_id), "unknown request"))
            return
        if status == WodRequest.Status.DONE:
            report.already_done.append(message.request_id)
            if not dry_run:
                channel.basic_ack(tag)
            return
        if dry_run:
            report.replayed.append(message.request_id)
            return
        headers = {
            key: value
            for key, value in (properties.headers or {}).items()
            if key not in BROKER_HEADERS
        }
        channel.basic_publish(
            exchange=self.topology.exchange,
            routing_key=ROUTING_KEY,
            body=body,
            properties=pika.BasicProperties(
                content_type=properties.content_type,
                delivery_mode=pika.DeliveryMode.Persistent,
                message_id=properties.message_id,
                headers=headers or None,
            ),
            mandatory=True,
        )
        wod_requests_mark_requeued(request_ids=[message.request_id])
        channel.basic_ack(tag)
        report.replayed.append(message.request_id)
        logger.info("[RabbitMQ] Dead letter replayed request_id=%s", message.request_id)
