"""The WOD pipeline as the web process reports it to Prometheus.

Everything here is read when Prometheus scrapes (`WodPipelineCollector`): queue depths from
RabbitMQ (two management API calls, or one AMQP connection) and requests from the database
(one GROUP BY status, source). So the figures are always current, cost nothing between
scrapes, and are the same whichever gunicorn worker answers. Requests created are counted
from the rows too, so every way of creating them (the API, the daily job's bulk insert)
counts. The consumers report what they handle themselves (`wods.consumer_metrics`).
`WodsConfig.ready` plugs the collector into the web's /metrics (`coachsite.metrics`).
"""

import logging
from collections.abc import Iterator

from django.db import DatabaseError
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from wods.selectors import wod_queue_overview, wod_request_counts

logger = logging.getLogger(__name__)


class WodPipelineCollector(Collector):
    """Ready, unacked and consumers of `wods.generate` and `wods.dead`; requests by status and
    created by source."""

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        yield from self._queues()
        yield from self._requests()

    def _queues(self) -> Iterator[GaugeMetricFamily]:
        overview = wod_queue_overview()
        max_length = GaugeMetricFamily(
            "coach_wod_queue_max_length_messages",
            "The queue's configured length limit (WOD_QUEUE_MAX_LENGTH).",
            labels=["queue"],
        )
        max_length.add_metric([overview.queue], overview.max_length)
        yield max_length
        if overview.error is not None:
            logger.warning("[Metrics] Queue depths unavailable: %r", overview.error)
            return
        ready = GaugeMetricFamily(
            "coach_wod_queue_ready_messages",
            "Messages waiting in the queue, ready for a consumer.",
            labels=["queue"],
        )
        unacked = GaugeMetricFamily(
            "coach_wod_queue_unacked_messages",
            "Messages delivered to a consumer and not yet acknowledged (management API only).",
            labels=["queue"],
        )
        consumers = GaugeMetricFamily(
            "coach_wod_queue_consumers", "Consumers attached to the queue.", labels=["queue"]
        )
        for depth in overview.depths.values():
            ready.add_metric([depth.name], depth.ready)
            consumers.add_metric([depth.name], depth.consumers)
            if depth.unacked is not None:
                unacked.add_metric([depth.name], depth.unacked)
        yield ready
        yield consumers
        if unacked.samples:
            yield unacked

    def _requests(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        try:
            counts = wod_request_counts()
        except DatabaseError as error:
            logger.warning("[Metrics] Requests by status unavailable: %r", error)
            return
        requests = GaugeMetricFamily(
            "coach_wod_requests", "WOD requests in the database, by status.", labels=["status"]
        )
        for status, count in counts.by_status.items():
            requests.add_metric([status], count)
        yield requests
        # A counter as long as requests are kept (they go only with their user's account).
        created = CounterMetricFamily(
            "coach_wod_requests_created", "WOD requests ever created, by source.", labels=["source"]
        )
        for source, count in counts.by_source.items():
            created.add_metric([source], count)
        yield created
