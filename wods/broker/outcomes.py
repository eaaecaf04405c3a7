"""What became of one delivery: the words the consumer's stats, logs and metrics share."""

from enum import StrEnum


class Outcome(StrEnum):
    """The values are the `outcome` label of `coach_wod_messages_total`, in the stats' order."""

    DONE = "done"  # its WOD was stored
    RETRIED = "retried"  # failed; back in the queue for another delivery
    DEAD_LETTERED = "dead_lettered"  # failed on its last allowed delivery; its request is dead
    DUPLICATE = "duplicate"  # its request was done already; acked without a second WOD
    MALFORMED = "malformed"  # can never be processed; dead-lettered at once
