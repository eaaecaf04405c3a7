"""Moving dead letters out of `wods.dead`: back to `wods.generate`, dropped, or kept.

What becomes of each letter is the caller's decision (it knows what the letter's request is
now); this module only reads the letters and carries the decisions out.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from wods.broker.connection import broker_connection
from wods.broker.messages import persistent_properties
from wods.broker.topology import ROUTING_KEY, Topology

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


class Fate(StrEnum):
    REPLAY = "replay"  # published to `wods.generate` again, then taken out of `wods.dead`
    DROP = "drop"  # taken out of `wods.dead`
    KEEP = "keep"  # left in `wods.dead`


@dataclass(frozen=True, slots=True)
class DeadLetter:
    body: bytes
    content_type: str | None
    message_id: str | None
    headers: dict


def dead_letters_move(
    *,
    decide: Callable[[DeadLetter], Fate],
    limit: int | None = None,
    dry_run: bool = False,
    topology: Topology | None = None,
) -> list[tuple[DeadLetter, Fate]]:
    """Ask `decide` about each letter in `wods.dead` at the start (at most `limit`), and obey.

    A replayed letter is published persistent and mandatory, and only taken out of
    `wods.dead` once `wods.generate` confirmed it. On a dry run every letter is decided on
    and none moves. Returns each letter with its fate, in the order they were read.
    """
    topology = topology or Topology.from_settings()
    fates = []
    with broker_connection(role="dead letters") as connection:
        channel = connection.channel()
        topology.declare(channel)
        channel.confirm_delivery()
        waiting = channel.queue_declare(
            topology.dead_letter_queue, passive=True
        ).method.message_count
        budget = waiting if limit is None else min(waiting, limit)
        for _ in range(budget):
            method, properties, body = channel.basic_get(topology.dead_letter_queue)
            if method is None:
                break
            letter = DeadLetter(
                body=body,
                content_type=properties.content_type,
                message_id=properties.message_id,
                headers=properties.headers or {},
            )
            fate = decide(letter)
            fates.append((letter, fate))
            if dry_run or fate is Fate.KEEP:
                continue
            if fate is Fate.REPLAY:
                headers = {
                    key: value for key, value in letter.headers.items() if key not in BROKER_HEADERS
                }
                channel.basic_publish(
                    exchange=topology.exchange,
                    routing_key=ROUTING_KEY,
                    body=body,
                    properties=persistent_properties(
                        content_type=letter.content_type,
                        message_id=letter.message_id,
                        headers=headers or None,
                    ),
                    mandatory=True,
                )
            channel.basic_ack(method.delivery_tag)
        # Letters left unacked (kept, or a dry run) return to wods.dead when the connection closes.
    return fates
