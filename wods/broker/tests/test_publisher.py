import dataclasses
import datetime
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from testing.broker import Broker
from wods.broker import publisher
from wods.broker.messages import WodMessage
from wods.broker.publisher import PUBLISH_ATTEMPTS, PublishError, WodPublisher, publish_batch
from wods.broker.topology import Topology

UNREACHABLE_BROKER = "amqp://guest:guest@127.0.0.1:1/%2F"
# .invalid never resolves (RFC 6761), as the name of a node whose container is gone.
UNRESOLVABLE_BROKER = "amqp://guest:guest@no-such-node.invalid:5672/%2F"
DOWN = pytest.mark.parametrize(
    "down", [UNREACHABLE_BROKER, UNRESOLVABLE_BROKER], ids=["refused", "name unknown"]
)


def messages(count: int) -> list[WodMessage]:
    return [
        WodMessage(
            request_id=uuid.uuid4(),
            user_email=f"athlete{number}@example.com",
            for_date=datetime.date(2026, 12, 1),
        )
        for number in range(count)
    ]


class UnboundTopology(Topology):
    """Declares everything but the binding of `wods.generate`: nothing routes to it."""

    def declarations(self) -> list[tuple[str, dict]]:
        return [
            (method, arguments)
            for method, arguments in super().declarations()
            if not (method == "queue_bind" and arguments["queue"] == self.queue)
        ]


@contextmanager
def spare_topology(broker: Broker, cls: type[Topology] = Topology, **changes) -> Iterator[Topology]:
    """Exchanges and queues of another shape than the test's own, deleted afterwards."""
    own = broker.topology
    topology = cls(
        **{
            **dataclasses.asdict(own),
            "exchange": f"{own.exchange}.spare",
            "queue": f"{own.queue}.spare",
            "dead_letter_exchange": f"{own.dead_letter_exchange}.spare",
            "dead_letter_queue": f"{own.dead_letter_queue}.spare",
            **changes,
        }
    )
    try:
        yield topology
    finally:
        with broker.channel() as channel:
            for queue in (topology.queue, topology.dead_letter_queue):
                channel.queue_delete(queue)
            for exchange in (topology.exchange, topology.dead_letter_exchange):
                channel.exchange_delete(exchange)


def test_a_batch_is_confirmed_whole_and_every_message_is_persistent_json_with_its_id(broker):
    batch = messages(250)

    result = publish_batch(batch)

    assert result.confirmed == {message.request_id for message in batch}
    assert result.failure == ""
    assert broker.ready() == 250
    with broker.channel() as channel:
        method, properties, body = channel.basic_get(broker.topology.queue)
        channel.basic_nack(method.delivery_tag, requeue=True)
    assert properties.delivery_mode == 2
    assert properties.content_type == "application/json"
    assert properties.message_id == json.loads(body)["request_id"] == str(batch[0].request_id)


def test_messages_a_full_queue_refuses_are_nacked_and_not_confirmed(broker, monkeypatch):
    # Each refused publish is tried again after a pause meant for leader elections: short here.
    monkeypatch.setattr(publisher, "NACKED_RETRY_PAUSE_SECONDS", 0.01)
    with spare_topology(broker, max_length=3) as limited:
        # A quorum queue applies its limit asynchronously and may take a message or two past
        # it before it refuses: publish until it does.
        for _ in range(20):
            if publish_batch(messages(1), topology=limited).failure:
                break
        else:
            pytest.fail("the queue never refused a message")
        stored = broker.count(limited.queue)

        result = publish_batch(messages(2), topology=limited)

        assert result.confirmed == frozenset()
        # Nacked, and nacked again each time it was tried again after a pause (as in an
        # election).
        assert result.failure.count(": 2 nacked by the broker") == PUBLISH_ATTEMPTS
        assert broker.count(limited.queue) == stored >= 3


def test_a_message_no_queue_takes_is_returned_and_not_confirmed(broker):
    with spare_topology(broker, cls=UnboundTopology) as unbound:
        result = publish_batch(messages(3), topology=unbound)

    assert result.confirmed == frozenset()
    assert ": 3 returned unroutable" in result.failure


def test_with_the_broker_unreachable_nothing_is_confirmed_and_the_reason_is_given(broker):
    result = publish_batch(messages(3), url=UNREACHABLE_BROKER)

    assert result.confirmed == frozenset()
    assert result.failure.startswith(
        "amqp://guest@127.0.0.1:1: cannot connect: AMQPConnectionError"
    )
    assert broker.ready() == 0


@DOWN
def test_a_batch_goes_through_the_next_broker_when_the_first_is_down(broker, settings, down):
    settings.AMQP_URL = f"{down},{settings.AMQP_URL}"
    settings.AMQP_SHUFFLE_ADDRESSES = False
    batch = messages(20)

    result = publish_batch(batch)

    assert result.confirmed == {message.request_id for message in batch}
    assert result.failure == ""
    assert broker.ready() == 20


def test_queues_declared_with_other_arguments_are_reported_as_a_topology_mismatch(broker):
    with spare_topology(broker, max_length=3) as declared_first:
        assert publish_batch(messages(2), topology=declared_first).failure == ""

        result = publish_batch(
            messages(2), topology=dataclasses.replace(declared_first, max_length=10)
        )

    assert result.confirmed == frozenset()
    assert "PRECONDITION_FAILED" in result.failure
    assert "WOD_QUEUE_MAX_LENGTH" in result.failure


@pytest.mark.parametrize("count", [0, 1])
def test_batches_of_zero_and_one_message_are_published_too(broker, count):
    batch = messages(count)

    assert publish_batch(batch).confirmed == {message.request_id for message in batch}
    assert broker.ready() == count


# One request at a time: the thread's publisher
# ------------------------------------------------------------------------------


@DOWN
def test_the_thread_publisher_goes_to_the_next_broker_when_the_first_is_down(
    broker, settings, down
):
    settings.AMQP_URL = f"{down},{settings.AMQP_URL}"
    settings.AMQP_SHUFFLE_ADDRESSES = False
    publisher = WodPublisher()
    try:
        publisher.publish(messages(2))
    finally:
        publisher.close()

    assert broker.ready() == 2


def test_the_thread_publisher_reports_queues_of_other_arguments_as_unconfirmed(broker):
    with spare_topology(broker, max_length=3) as declared_first:
        assert publish_batch(messages(1), topology=declared_first).failure == ""
        publisher = WodPublisher(topology=dataclasses.replace(declared_first, max_length=10))
        try:
            with pytest.raises(PublishError, match="WOD_QUEUE_MAX_LENGTH"):
                publisher.publish(messages(1))
        finally:
            publisher.close()
