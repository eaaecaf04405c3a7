"""The web's /metrics: who may read it, and that what it says matches the real broker and DB."""

import subprocess
import sys

import pytest

from conftest import (
    BASE_DIR,
    free_port,
    http_get,
    metric,
    parse_metrics,
    subprocess_env,
    wait_until,
)
from wods.models import WodRequest
from wods.tests.factories import make_wod_request

TOKEN = "test-metrics-token"


def scrape(client) -> dict:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    return parse_metrics(response.content.decode())


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong-token", f"Basic {TOKEN}", TOKEN, "Bearer "],
)
def test_metrics_without_the_right_bearer_token_is_401(anonymous_client, authorization):
    headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}

    response = anonymous_client.get("/metrics", **headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert b"coach_" not in response.content


def test_metrics_are_closed_to_everyone_while_no_token_is_configured(anonymous_client, settings):
    settings.METRICS_TOKEN = ""

    response = anonymous_client.get("/metrics", HTTP_AUTHORIZATION="Bearer ")

    assert response.status_code == 401


@pytest.mark.django_db
def test_requests_are_counted_by_view_and_status_with_their_latency(anonymous_client, api_client):
    before = scrape(anonymous_client)

    anonymous_client.get("/api/wods/requests/")
    api_client.get("/api/wods/requests/")
    api_client.get("/api/wods/requests/")

    after = scrape(anonymous_client)

    def grew(name, **labels):
        return (metric(after, name, **labels) or 0) - (metric(before, name, **labels) or 0)

    view = {"view": "wod-request-list", "method": "GET"}
    responses = "django_http_responses_total_by_status_view_method_total"
    assert grew(responses, status="401", **view) == 1
    assert grew(responses, status="200", **view) == 2
    assert grew("django_http_requests_latency_seconds_by_view_method_count", **view) == 3
    assert grew("django_http_requests_latency_seconds_by_view_method_sum", **view) > 0


@pytest.mark.django_db
def test_a_made_up_http_method_adds_no_series(anonymous_client):
    anonymous_client.generic("BREW", "/healthz/")

    samples = scrape(anonymous_client)

    assert not any(("method", "BREW") in labels for _, labels in samples)
    latency = "django_http_requests_latency_seconds_by_view_method_count"
    assert metric(samples, latency, view="healthz", method="<invalid method>") >= 1


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
def test_queue_gauges_match_the_broker_counts(anonymous_client, broker, topology):
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


@pytest.mark.django_db(transaction=True)
def test_gunicorn_workers_add_up_their_counts_in_one_scrape(tmp_path):
    """Every worker's requests are in the scrape, whichever worker serves it, even those of
    workers that have exited: `--max-requests 4` retires each worker after four requests, so
    ten requests pass through at least three processes."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "coachsite.wsgi:application",
            "--config",
            "docker/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--max-requests",
            "4",
            # gunicorn's control socket lives in the home folder; another server may hold it.
            "--no-control-socket",
        ],
        cwd=BASE_DIR,
        env={**subprocess_env(), "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # Any answer will do, a 401 too: the workers are up.
        wait_until(
            lambda: server.poll() is not None or http_get(f"{base}/metrics")[0] > 0, timeout=60
        )
        for _ in range(10):
            assert http_get(f"{base}/healthz/")[0] == 200
        status, text = http_get(f"{base}/metrics", token=TOKEN)
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)

    assert status == 200
    samples = parse_metrics(text)
    workers = {line for line in errors.splitlines() if "Booting worker with pid" in line}
    assert len(workers) >= 3, errors
    assert (
        metric(
            samples,
            "django_http_responses_total_by_status_view_method_total",
            status="200",
            view="healthz",
            method="GET",
        )
        == 10
    )
    assert metric(samples, "coach_wod_requests", status="pending") == 0
