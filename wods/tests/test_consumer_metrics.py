"""A consumer's metrics and liveness endpoint, served over real HTTP, with a real broker."""

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.db import transaction

from testing.consumers import consumer_in_thread, run_consumer
from testing.probes import http_get, wait_until
from testing.processes import free_port
from wods.consumer_metrics import ConsumerMetrics, serve_consumer_metrics
from wods.models import WodRequest
from wods.tests.factories import make_wod_request


@pytest.fixture
def served() -> Iterator[Callable[[ConsumerMetrics], str]]:
    """Serves metrics on a free port; returns the base URL. Stops every server afterwards."""
    servers = []

    def serve(metrics: ConsumerMetrics) -> str:
        port = free_port()
        servers.append(serve_consumer_metrics(metrics, addr="127.0.0.1", port=port))
        return f"http://127.0.0.1:{port}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def test_the_metrics_need_the_token_and_the_liveness_probe_does_not(served):
    url = served(ConsumerMetrics(max_deliveries=5))

    assert http_get(f"{url}/metrics")[0] == 401
    assert http_get(f"{url}/metrics", token="wrong")[0] == 401
    status, text = http_get(f"{url}/metrics", token=settings.METRICS_TOKEN)
    assert status == 200
    assert 'coach_wod_messages_total{outcome="dead_lettered"} 0.0' in text
    assert "process_resident_memory_bytes" in text
    assert http_get(f"{url}/healthz") == (200, "ok\n")
    assert http_get(f"{url}/elsewhere")[0] == 404


@pytest.mark.django_db(transaction=True)
def test_a_duplicate_delivery_is_counted_as_such_and_not_as_a_success(user, broker, catalogue):
    request = make_wod_request(user=user)
    for _ in range(2):
        broker.publish_request(request)
    metrics = ConsumerMetrics(max_deliveries=5)

    run_consumer(prefetch=1, metrics=metrics, max_messages=2)

    def value(name: str, **labels) -> float | None:
        return metrics.registry.get_sample_value(name, labels)

    assert value("coach_wod_messages_total", outcome="done") == 1
    assert value("coach_wod_messages_total", outcome="duplicate") == 1
    assert value("coach_wod_deliveries_at_success_count") == 1
    assert value("coach_wod_batch_duration_seconds_count") == 2


@pytest.mark.django_db(transaction=True)
def test_liveness_fails_while_the_consumer_is_stuck_in_a_batch_and_recovers_after(
    user, broker, catalogue
):
    request = make_wod_request(user=user)
    metrics = ConsumerMetrics(max_deliveries=5, stall_seconds=3)
    port = free_port()
    server = serve_consumer_metrics(metrics, addr="127.0.0.1", port=port)
    health = f"http://127.0.0.1:{port}/healthz"
    try:
        with consumer_in_thread(prefetch=1, metrics=metrics):
            wait_until(lambda: broker.consumers() == 1)
            with transaction.atomic():
                # The consumer waits for this row inside its batch's transaction: stuck.
                WodRequest.objects.select_for_update().get(pk=request.pk)
                broker.publish_request(request)
                wait_until(lambda: http_get(health)[0] == 503)
                assert metrics.registry.get_sample_value("coach_wod_messages_in_progress") == 1
            wait_until(lambda: http_get(health)[0] == 200)
            wait_until(lambda: WodRequest.objects.get(pk=request.pk).status == "done")
    finally:
        server.shutdown()
        server.server_close()
