"""The web's /metrics: who may read it, the requests it counts, gunicorn's workers added up.

The WOD pipeline's gauges, which wods plugs in: `wods/tests/test_pipeline_metrics.py`.
"""

import subprocess
import sys

import pytest
from prometheus_client.core import GaugeMetricFamily

from coachsite import metrics
from testing.probes import http_get, metric, parse_metrics, wait_until
from testing.processes import BASE_DIR, free_port, subprocess_env

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


class LibraryCollector:
    """A collector an app could plug in: one gauge, read at scrape time."""

    def __init__(self) -> None:
        self.books = 3

    def collect(self) -> list[GaugeMetricFamily]:
        return [GaugeMetricFamily("library_books", "Books on the shelf.", value=self.books)]


@pytest.mark.django_db
def test_a_registered_collector_is_read_at_every_scrape(anonymous_client, monkeypatch):
    monkeypatch.setattr(metrics, "metrics_collectors", {})
    library = LibraryCollector()
    metrics.register_metrics_collector("library", library)

    first = metric(scrape(anonymous_client), "library_books")
    library.books = 5
    second = metric(scrape(anonymous_client), "library_books")

    assert (first, second) == (3, 5)


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
