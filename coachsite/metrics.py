"""`/metrics`: the web process's Prometheus metrics, for whoever holds METRICS_TOKEN.

The page tells request rates and queue depths, no user data; still, like every endpoint but
registration, tokens and health, it needs a token: Prometheus sends it as a bearer token.

gunicorn serves with several worker processes. When PROMETHEUS_MULTIPROC_DIR is set (as
docker/start-web does), each worker writes its samples to files there and a scrape, whichever
worker answers it, adds up every worker's (prometheus_client's multiprocess mode). Without it
(runserver, tests) the process's own registry is read. The readiness gauges, and those of the
collectors the apps register with `register_metrics_collector` from their `AppConfig.ready`
(wods: the WOD pipeline), are computed by the worker that answers, at scrape time.
"""

import hmac
import os

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_prometheus import middleware
from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import choose_encoder
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from coachsite.health import readiness_checks

# Collectors the apps add to every scrape, by name.
metrics_collectors: dict[str, Collector] = {}


def register_metrics_collector(name: str, collector: Collector) -> None:
    """Add a collector's metrics to every scrape of /metrics, read when Prometheus scrapes."""
    metrics_collectors[name] = collector


class PrometheusAfterMiddleware(middleware.PrometheusAfterMiddleware):
    """django-prometheus's, with every `method` label one of the HTTP methods.

    Its latency histogram takes the method as the client sent it: each made-up method would
    add a series, and a client could grow the metrics without bound.
    """

    def label_metric(self, metric, request, response=None, **labels):
        if "method" in labels:
            labels["method"] = self._method(request)
        return super().label_metric(metric, request, response, **labels)


def metrics_authorized(authorization: str | None) -> bool:
    """Whether an `Authorization` header carries METRICS_TOKEN (never, while it is unset)."""
    token = settings.METRICS_TOKEN
    scheme, _, credentials = (authorization or "").partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(credentials.strip().encode(), token.encode())


def metrics_unauthorized() -> HttpResponse:
    response = HttpResponse(
        "Metrics need `Authorization: Bearer <METRICS_TOKEN>`.\n",
        status=401,
        content_type="text/plain",
    )
    response["WWW-Authenticate"] = 'Bearer realm="metrics"'
    return response


class ReadinessCollector(Collector):
    def collect(self) -> list[GaugeMetricFamily]:
        up = GaugeMetricFamily(
            "coach_dependency_up",
            "1 when the web process reaches the dependency (what /readyz/ checks), else 0.",
            labels=["dependency"],
        )
        for dependency, state in readiness_checks().items():
            up.add_metric([dependency], 1 if state == "ok" else 0)
        return [up]


def metrics_registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(REGISTRY)
    registry.register(ReadinessCollector())
    for collector in metrics_collectors.values():
        registry.register(collector)
    return registry


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not metrics_authorized(request.headers.get("Authorization")):
        return metrics_unauthorized()
    encoder, content_type = choose_encoder(request.headers.get("Accept", ""))
    return HttpResponse(encoder(metrics_registry()), content_type=content_type)
