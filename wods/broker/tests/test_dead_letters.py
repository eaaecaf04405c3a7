"""Moving dead letters, as a caller decides, against the real RabbitMQ."""

from wods.broker.dead_letters import DeadLetter, Fate, dead_letters_move
from wods.broker.messages import persistent_properties
from wods.broker.topology import ROUTING_KEY


def park(broker, *bodies: bytes, headers: dict | None = None) -> None:
    """Put letters straight into the dead-letter queue, as if they had died there."""
    with broker.channel() as channel:
        channel.confirm_delivery()
        for body in bodies:
            channel.basic_publish(
                exchange=broker.topology.dead_letter_exchange,
                routing_key=ROUTING_KEY,
                body=body,
                properties=persistent_properties(
                    content_type="application/json", message_id=body.decode(), headers=headers
                ),
            )


def fate_by_body(letter: DeadLetter) -> Fate:
    return Fate(letter.body.decode().split("-")[0])


def test_each_letter_goes_where_its_decision_says(broker):
    park(broker, b"replay-1", b"drop-1", b"keep-1", b"replay-2")

    fates = dead_letters_move(decide=fate_by_body)

    assert [(letter.body, fate) for letter, fate in fates] == [
        (b"replay-1", Fate.REPLAY),
        (b"drop-1", Fate.DROP),
        (b"keep-1", Fate.KEEP),
        (b"replay-2", Fate.REPLAY),
    ]
    with broker.channel() as channel:
        replayed = [channel.basic_get(broker.topology.queue, auto_ack=True) for _ in range(2)]
    assert [body for _, _, body in replayed] == [b"replay-1", b"replay-2"]
    assert [properties.message_id for _, properties, _ in replayed] == ["replay-1", "replay-2"]
    assert all(properties.delivery_mode == 2 for _, properties, _ in replayed)
    assert [body for _, body in broker.get_dead()] == [b"keep-1"]


def test_a_replayed_letter_starts_afresh_without_the_brokers_death_headers(broker):
    park(broker, b"replay-1", headers={"x-death": [{"count": 1}], "x-first-death-reason": "x"})
    park(broker, b"replay-2", headers={"x-death": [{"count": 1}], "trace": "kept"})

    dead_letters_move(decide=fate_by_body)

    with broker.channel() as channel:
        headers = [
            channel.basic_get(broker.topology.queue, auto_ack=True)[1].headers for _ in range(2)
        ]
    # The quorum queue counts this life's deliveries afresh, from 0.
    assert headers == [{"x-delivery-count": 0}, {"trace": "kept", "x-delivery-count": 0}]


def test_a_dry_run_decides_on_every_letter_and_moves_none(broker):
    park(broker, b"replay-1", b"drop-1", b"keep-1")

    fates = dead_letters_move(decide=fate_by_body, dry_run=True)

    assert [fate for _, fate in fates] == [Fate.REPLAY, Fate.DROP, Fate.KEEP]
    assert broker.ready() == 0
    assert broker.dead() == 3


def test_at_most_the_limit_of_letters_is_looked_at_in_queue_order(broker):
    park(broker, b"keep-1", b"replay-1", b"replay-2")

    fates = dead_letters_move(decide=fate_by_body, limit=2)

    assert [letter.body for letter, _ in fates] == [b"keep-1", b"replay-1"]
    assert broker.ready() == 1
    assert broker.dead() == 2
