"""The exchanges and queues of the WOD pipeline, declared idempotently by everyone who uses them.

    wods (direct) --"generate"--> wods.generate (quorum, delivery limit, DLX)
                                       | rejected past the limit, or malformed
                                       v
    wods.dlx (fanout) -------------> wods.dead (quorum)

https://www.rabbitmq.com/docs/quorum-queues#poison-message-handling
https://www.rabbitmq.com/docs/dlx
"""

from dataclasses import dataclass

import pika
import pika.exceptions
from django.conf import settings
from pika.adapters.blocking_connection import BlockingChannel

ROUTING_KEY = "generate"
# wods.dead is only read by the replay command; the limit keeps RabbitMQ 4's default of 20
# from ever dropping a parked message that was looked at and put back many times.
DEAD_QUEUE_DELIVERY_LIMIT = 1_000_000


PRECONDITION_FAILED = 406


class TopologyMismatch(Exception):
    """A queue or exchange exists with other arguments: a configuration error, not a blip."""

    @classmethod
    def from_reply(cls, reply_text: str) -> "TopologyMismatch":
        return cls(
            f"{reply_text}. The broker keeps the arguments a queue was first declared "
            "with: align WOD_MAX_DELIVERIES and WOD_QUEUE_MAX_LENGTH with them, or delete "
            "the queue (its messages too) so it is declared anew."
        )


@dataclass(frozen=True)
class Topology:
    exchange: str
    queue: str
    dead_letter_exchange: str
    dead_letter_queue: str
    max_deliveries: int
    max_length: int

    @classmethod
    def from_settings(cls) -> "Topology":
        prefix = settings.WOD_QUEUE_PREFIX
        return cls(
            exchange=f"{prefix}wods",
            queue=f"{prefix}wods.generate",
            dead_letter_exchange=f"{prefix}wods.dlx",
            dead_letter_queue=f"{prefix}wods.dead",
            max_deliveries=settings.WOD_MAX_DELIVERIES,
            max_length=settings.WOD_QUEUE_MAX_LENGTH,
        )

    @property
    def queue_arguments(self) -> dict:
        return {
            "x-queue-type": "quorum",
            # The broker counts failed deliveries and dead-letters once the count exceeds the
            # limit, so WOD_MAX_DELIVERIES deliveries in all means a limit of one less.
            "x-delivery-limit": self.max_deliveries - 1,
            "x-dead-letter-exchange": self.dead_letter_exchange,
            # at-least-once: a dead letter is only removed once wods.dead has confirmed it.
            "x-dead-letter-strategy": "at-least-once",
            "x-overflow": "reject-publish",
            "x-max-length": self.max_length,
        }

    def declarations(self) -> list[tuple[str, dict]]:
        """Every declare and bind, in order, as (channel method, keyword arguments).

        pika's blocking and asynchronous channels take the same names and arguments, so the
        blocking `declare` below and the batch publisher's callback chain share this list.
        """
        return [
            (
                "exchange_declare",
                {"exchange": self.exchange, "exchange_type": "direct", "durable": True},
            ),
            (
                "exchange_declare",
                {
                    "exchange": self.dead_letter_exchange,
                    "exchange_type": "fanout",
                    "durable": True,
                },
            ),
            (
                "queue_declare",
                {"queue": self.queue, "durable": True, "arguments": self.queue_arguments},
            ),
            (
                "queue_declare",
                {
                    "queue": self.dead_letter_queue,
                    "durable": True,
                    "arguments": {
                        "x-queue-type": "quorum",
                        "x-delivery-limit": DEAD_QUEUE_DELIVERY_LIMIT,
                    },
                },
            ),
            (
                "queue_bind",
                {"queue": self.queue, "exchange": self.exchange, "routing_key": ROUTING_KEY},
            ),
            (
                "queue_bind",
                {"queue": self.dead_letter_queue, "exchange": self.dead_letter_exchange},
            ),
        ]

    def declare(self, channel: BlockingChannel) -> None:
        try:
            for method, arguments in self.declarations():
                getattr(channel, method)(**arguments)
        except pika.exceptions.ChannelClosedByBroker as error:
            if error.reply_code != PRECONDITION_FAILED:
                raise
            raise TopologyMismatch.from_reply(error.reply_text) from error
