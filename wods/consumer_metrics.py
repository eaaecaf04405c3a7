"""A consumer's own metrics and liveness, served over HTTP on its own port.

Each consumer process keeps its metrics in a registry of its own and serves it on
`--metrics-port` (WOD_CONSUMER_METRICS_PORT): `/metrics` for Prometheus (with METRICS_TOKEN,
like the web's) and `/healthz` for docker or an orchestrator. Consumers on one host need a port
each; in containers each has its own network, so one port number serves them all.

`/healthz` answers 503 once the consume loop has not come round for `stall_seconds`: the loop
comes round at least every second while it waits for messages, and between reconnection
attempts, so only a consumer stuck inside a batch (a lock that never comes, a hung call) fails.
"""

import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    make_wsgi_app,
)

from coachsite.metrics import metrics_authorized
from wods.broker.outcomes import Outcome

STALL_SECONDS = 120
BATCH_DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)


class ConsumerMetrics:
    """What one consumer did, in a registry of its own: consumers in one process never mix."""

    def __init__(self, *, max_deliveries: int, stall_seconds: float = STALL_SECONDS) -> None:
        self.registry = CollectorRegistry()
        self.stall_seconds = stall_seconds
        ProcessCollector(registry=self.registry)
        self.messages = Counter(
            "coach_wod_messages",
            "Messages this consumer handled, by outcome.",
            ["outcome"],
            registry=self.registry,
        )
        for outcome in Outcome:
            self.messages.labels(outcome=outcome.value)
        self.batch_duration = Histogram(
            "coach_wod_batch_duration_seconds",
            "Time to handle one batch of messages: decode, generate, commit, ack or reject.",
            buckets=BATCH_DURATION_BUCKETS,
            registry=self.registry,
        )
        self.in_progress = Gauge(
            "coach_wod_messages_in_progress",
            "Messages of the batch being handled now.",
            registry=self.registry,
        )
        self.last_success = Gauge(
            "coach_wod_last_success_timestamp_seconds",
            "When this consumer last stored a WOD, in Unix time (0: not yet).",
            registry=self.registry,
        )
        self.deliveries_at_success = Histogram(
            "coach_wod_deliveries_at_success",
            "The delivery on which a request's WOD was stored (1: the first).",
            buckets=range(1, max_deliveries + 1),
            registry=self.registry,
        )
        self._last_tick = time.monotonic()

    def record_outcome(self, outcome: Outcome, attempt: int) -> None:
        self.messages.labels(outcome=outcome.value).inc()
        if outcome is Outcome.DONE:
            self.last_success.set_to_current_time()
            self.deliveries_at_success.observe(attempt)

    @contextmanager
    def batch(self, size: int) -> Iterator[None]:
        self.in_progress.inc(size)
        try:
            with self.batch_duration.time():
                yield
        finally:
            self.in_progress.dec(size)

    def tick(self) -> None:
        """The consume loop came round."""
        self._last_tick = time.monotonic()

    def alive(self) -> bool:
        return time.monotonic() - self._last_tick < self.stall_seconds


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _ServerIPv6(_Server):
    address_family = socket.AF_INET6


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Scrapes and probes every few seconds would drown the consumer's own log."""


def consumer_app(metrics: ConsumerMetrics) -> Callable:
    serve_metrics = make_wsgi_app(metrics.registry)

    def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "").rstrip("/")
        if path == "/healthz":
            if metrics.alive():
                return _text(start_response, "200 OK", "ok\n")
            return _text(
                start_response,
                "503 Service Unavailable",
                f"stalled: the consume loop has not come round for {metrics.stall_seconds:g}s\n",
            )
        if path == "/metrics":
            if not metrics_authorized(environ.get("HTTP_AUTHORIZATION")):
                return _text(
                    start_response,
                    "401 Unauthorized",
                    "Metrics need `Authorization: Bearer <METRICS_TOKEN>`.\n",
                    [("WWW-Authenticate", 'Bearer realm="metrics"')],
                )
            return serve_metrics(environ, start_response)
        return _text(start_response, "404 Not Found", "Try /metrics or /healthz.\n")

    return app


def _text(
    start_response: Callable, status: str, body: str, headers: list | None = None
) -> list[bytes]:
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), *(headers or [])])
    return [body.encode()]


def serve_consumer_metrics(metrics: ConsumerMetrics, *, addr: str, port: int) -> WSGIServer:
    """Serve /metrics and /healthz from a daemon thread; OSError when the port is taken.

    Stop it with `shutdown()` then `server_close()`.
    """
    family = socket.getaddrinfo(addr, port, type=socket.SOCK_STREAM)[0][0]
    server_class = _ServerIPv6 if family == socket.AF_INET6 else _Server
    server = make_server(addr, port, consumer_app(metrics), server_class, _QuietHandler)
    threading.Thread(target=server.serve_forever, name="consumer-metrics", daemon=True).start()
    return server
