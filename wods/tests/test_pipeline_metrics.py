"""The WOD pipeline on the web's /metrics: requests from the database, queues from RabbitMQ."""

import pytest

from testing.probes import metric, parse_metrics, wait_until
from testing.processes import free_port
from wods.models import WodRequest
from wods.tests.factories import make_wod_request

TOKEN = "test-metrics-token"


def scrape(client) -> dict:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    return parse_metrics(response.content.decode())


@pytest.mark.django_db
def test_wod_requests_created_are_counted_by_source_and_a_replayed_key_is_not(
    anonymous_client, api_client, user
):
    for _ in range(2):
        response = api_client.post("/api/wods/requests/", HTTP_IDEMPOTENCY_KEY="one-ask")
        assert response.status_code == 202
    api_client.post("/api/wods/requests/")
    make_wod_request(user=user, source=WodRequest.Source.DAILY)

    samples = scrape(anonymous_client)

    assert metric(samples, "coach_wod_requests_created_total", source="user") == 2
    assert metric(samples, "coach_wod_requests_created_total", source="daily") == 1


@pytest.mark.django_db
def test_requests_by_status_match_the_database(anonymous_client, user):
    for status, count in [("pending", 1), ("queued", 3), ("done", 2)]:
        for _ in range(count):
            make_wod_request(user=user, status=status)

    samples = scrape(anonymous_client)

    assert {
        status: metric(samples, "coach_wod_requests", status=status)
        for status in WodRequest.Status.values
    } == {"pending": 1, "queued": 3, "done": 2, "dead": 0}


@pytest.mark.django_db
def test_dependency_gauges_follow_readiness(anonymous_client, rabbitmq, settings):
    assert metric(scrape(anonymous_client), "coach_dependency_up", dependency="broker") == 1

    settings.AMQP_URL = f"amqp://guest:guest@127.0.0.1:{free_port()}/%2F"
    samples = scrape(anonymous_client)

    assert metric(samples, "coach_dependency_up", dependency="broker") == 0
    assert metric(samples, "coach_dependency_up", dependency="database") == 1


@pytest.mark.django_db
def test_queue_gauges_match_the_broker_counts(
    anonymous_client, broker, topology, rabbitmq_management
):
    for number in range(5):
        broker.publish_raw(b"{}", content_type="application/json", message_id=f"m{number}")
    with broker.channel() as channel:
        channel.confirm_delivery()
        channel.basic_publish(topology.dead_letter_exchange, "", b"{}")
        # Two messages delivered and held without an ack: "unacked" until the channel closes.
        for _ in range(2):
            method, _, _ = channel.basic_get(topology.queue)
            assert method is not None
        expected = {
            ("coach_wod_queue_ready_messages", topology.queue): broker.ready(),
            ("coach_wod_queue_unacked_messages", topology.queue): 2,
            ("coach_wod_queue_ready_messages", topology.dead_letter_queue): broker.dead(),
            ("coach_wod_queue_unacked_messages", topology.dead_letter_queue): 0,
            ("coach_wod_queue_max_length_messages", topology.queue): topology.max_length,
        }
        assert expected[("coach_wod_queue_ready_messages", topology.queue)] == 3
        assert expected[("coach_wod_queue_ready_messages", topology.dead_letter_queue)] == 1

        def seen() -> dict:
            samples = scrape(anonymous_client)
            return {key: metric(samples, key[0], queue=key[1]) for key in expected}

        # The management API refreshes its counts every few seconds: poll until it caught up.
        wait_until(lambda: seen() == expected, details=lambda: f"{seen()} != {expected}")
