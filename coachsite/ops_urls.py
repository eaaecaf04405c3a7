"""Health checks and metrics, at the root: /healthz/, /readyz/ and /metrics."""

from django.urls import path

from coachsite import health, metrics

urlpatterns = [
    path("healthz/", health.healthz, name="healthz"),
    path("readyz/", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
]
