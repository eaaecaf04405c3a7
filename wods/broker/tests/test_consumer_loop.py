"""The consume loop against the real RabbitMQ, with a handler written here: no database at all.

Each message body names what the test's handler decides for it, so what the loop did with
each decision shows on the queues.
"""

from contextlib import nullcontext

import pytest

from wods.broker import consumer
from wods.broker.connection import broker_address
from wods.broker.consumer import Action, ConsumerLoop, Decision, Delivery, HandlerUnavailable
from wods.broker.outcomes import Outcome

OUTCOMES = {Action.ACK: Outcome.DONE, Action.REQUEUE: Outcome.RETRIED}


class AsTheBodySays:
    """Decides what each body names (b"ack", b"requeue" or b"dead_letter"); a requeued
    message is acked when it comes back. Keeps every delivery it saw."""

    def __init__(self) -> None:
        self.seen: list[Delivery] = []

    def handle(self, deliveries: list[Delivery]) -> list[Decision]:
        self.seen += deliveries
        decisions = []
        for delivery in deliveries:
            action = Action(delivery.body.decode())
            if action is Action.REQUEUE and delivery.attempt > 1:
                action = Action.ACK
            outcome = OUTCOMES.get(action, Outcome.MALFORMED)
            decisions.append(Decision(delivery.tag, action, outcome))
        return decisions


class UnavailableAtFirst(AsTheBodySays):
    """Unavailable for its first `times` calls (as a handler whose database is restarting),
    then as the body says; counts the calls."""

    def __init__(self, times: int) -> None:
        super().__init__()
        self.times = times
        self.calls = 0

    def handle(self, deliveries: list[Delivery]) -> list[Decision]:
        self.calls += 1
        if self.calls <= self.times:
            raise HandlerUnavailable("The database is unavailable (restarting)")
        return super().handle(deliveries)


class Forgetful:
    """A faulty handler: it decides on no delivery at all."""

    def handle(self, deliveries: list[Delivery]) -> list[Decision]:
        return []


class Recorder:
    """An observer that keeps what the loop reported."""

    def __init__(self) -> None:
        self.subscriptions: list[tuple[str, int, str]] = []
        self.ticks = 0
        self.batch_sizes: list[int] = []
        self.settlements: list[tuple[Delivery, Decision]] = []

    def consuming(self, queue: str, prefetch: int, broker: str) -> None:
        self.subscriptions.append((queue, prefetch, broker))

    def tick(self) -> None:
        """Counted only: ticks come every second, as many as the run took."""
        self.ticks += 1

    def batch(self, size: int):
        self.batch_sizes.append(size)
        return nullcontext()

    def settled(self, delivery: Delivery, decision: Decision) -> None:
        self.settlements.append((delivery, decision))


def loop_for(topology, handler, *, max_messages: int, prefetch: int = 10) -> ConsumerLoop:
    # The idle exit only guards against a test waiting forever for messages that never come.
    return ConsumerLoop(
        handler=handler,
        observer=Recorder(),
        topology=topology,
        prefetch=prefetch,
        max_messages=max_messages,
        idle_exit=10,
    )


def publish(broker, *bodies: bytes) -> None:
    for body in bodies:
        broker.publish_raw(body)


def test_acked_messages_leave_the_queue_and_dead_lettered_ones_go_to_the_dead_letters(broker):
    publish(broker, b"ack", b"dead_letter", b"ack", b"dead_letter", b"ack")
    loop = loop_for(broker.topology, AsTheBodySays(), max_messages=5)

    assert loop.run() == 5

    assert broker.ready() == 0
    broker.wait_for_dead(2)
    assert [body for _, body in broker.get_dead()] == [b"dead_letter", b"dead_letter"]
    outcomes = [decision.outcome for _, decision in loop.observer.settlements]
    assert sorted(outcomes) == sorted([Outcome.DONE] * 3 + [Outcome.MALFORMED] * 2)


def test_a_requeued_message_comes_back_counted_as_its_second_delivery(broker):
    publish(broker, b"requeue")
    handler = AsTheBodySays()

    loop_for(broker.topology, handler, max_messages=2).run()

    assert [delivery.attempt for delivery in handler.seen] == [1, 2]
    assert broker.ready() == 0
    assert broker.dead() == 0


def test_the_loop_stops_at_max_messages_and_leaves_the_rest_in_the_queue(broker):
    publish(broker, *[b"ack"] * 10)
    loop = loop_for(broker.topology, AsTheBodySays(), max_messages=4, prefetch=10)

    assert loop.run() == 4

    assert sum(loop.observer.batch_sizes) == 4
    # Prefetched but unsettled messages go back to the queue when the connection closes.
    assert broker.ready() == 6


def test_the_observer_hears_the_subscription_and_each_settlement_in_its_batch(broker):
    publish(broker, b"ack", b"requeue")
    loop = loop_for(broker.topology, AsTheBodySays(), max_messages=3, prefetch=5)

    loop.run()

    recorder = loop.observer
    assert recorder.subscriptions == [(broker.topology.queue, 5, broker_address(broker.url))]
    assert sum(recorder.batch_sizes) == len(recorder.settlements) == 3
    assert [decision.tag for delivery, decision in recorder.settlements] == [
        delivery.tag for delivery, _ in recorder.settlements
    ]


def test_a_handler_that_leaves_a_delivery_undecided_stops_the_loop_and_loses_nothing(broker):
    publish(broker, b"ack")
    loop = loop_for(broker.topology, Forgetful(), max_messages=1)

    with pytest.raises(ValueError, match="decide once on each delivery"):
        loop.run()

    assert broker.ready() == 1


@pytest.fixture
def short_waits(monkeypatch) -> None:
    """Waits of a tenth of a second while a handler is unavailable, instead of seconds."""
    monkeypatch.setattr(consumer, "UNAVAILABLE_RETRY_DELAYS", (0.1,))


def test_a_batch_the_handler_could_not_decide_yet_is_kept_and_handed_over_again(
    broker, short_waits
):
    publish(broker, b"ack")
    handler = UnavailableAtFirst(times=3)
    loop = loop_for(broker.topology, handler, max_messages=1)

    assert loop.run() == 1

    # The same delivery four times, never given back to the queue: no delivery was spent.
    assert handler.calls == 4
    assert [delivery.attempt for delivery in handler.seen] == [1]
    assert loop.observer.ticks >= 3
    assert [decision.outcome for _, decision in loop.observer.settlements] == [Outcome.DONE]
    assert broker.ready() == 0


def test_past_the_patience_an_undecided_batch_is_requeued_and_counted(
    broker, short_waits, monkeypatch
):
    monkeypatch.setattr(consumer, "UNAVAILABLE_PATIENCE_SECONDS", 0.3)
    publish(broker, b"ack")
    handler = UnavailableAtFirst(times=100)
    loop = loop_for(broker.topology, handler, max_messages=1)

    assert loop.run() == 1

    [(_, decision)] = loop.observer.settlements
    assert decision.action is Action.REQUEUE
    assert decision.reason == "The database is unavailable (restarting)"
    assert broker.ready() == 1
    handler.times = 0
    loop_for(broker.topology, handler, max_messages=1).run()
    # RabbitMQ counted the requeue (and, had it come back to the stopping loop, its return).
    assert handler.seen[-1].attempt > 1


def test_a_stop_while_the_handler_is_unavailable_requeues_the_batch_and_ends_the_loop(broker):
    publish(broker, b"ack")
    loop = loop_for(broker.topology, UnavailableAtFirst(times=100), max_messages=1)
    loop.observer.tick = loop.stop  # stopped (as by SIGTERM) during the first wait

    assert loop.run() == 1

    assert [decision.action for _, decision in loop.observer.settlements] == [Action.REQUEUE]
    assert broker.ready() == 1
