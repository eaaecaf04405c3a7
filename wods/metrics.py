"""The WOD pipeline as the web process reports it to Prometheus.

Requests created are counted where they are created. Queue depths and requests by status are
read when Prometheus scrapes (`WodPipelineCollector`): two management API calls (or one AMQP
connection) and one GROUP BY, so they are always current and cost nothing between scrapes.
The consumers report what they handle themselves (`wods.messaging.metrics`).
"""

import logging
from collections.abc import Iterator

import pika.exceptions
from django.conf import settings
from django.db import DatabaseError
from prometheus_client import Counter
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from wods.messaging.stats import queue_depths
from wods.messaging.topology import Topology
from wods.models import WodRequest
from wods.selectors import wod_request_counts_by_status

logger = logging.getLogger(__name__)

WOD_REQUESTS_CREATED = Counter(
    "coach_wod_requests_created", "WOD requests created, by source.", ["source"]
)
for _source in WodRequest.Source.values:
    WOD_REQUESTS_CREATED.labels(source=_source)


class WodPipelineCollector(Collector):
    """Ready, unacked and consumers of `wods.generate` and `wods.dead`; requests by status."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        yield from self._queues()
        yield from self._requests()

    def _queues(self) -> Iterator[GaugeMetricFamily]:
        topology = Topology.from_settings()
        max_length = GaugeMetricFamily(
            "coach_wod_queue_max_length_messages",
            "The queue's configured length limit (WOD_QUEUE_MAX_LENGTH).",
            labels=["queue"],
        )
        max_length.add_metric([topology.queue], settings.WOD_QUEUE_MAX_LENGTH)
        yield max_length
        try:
            depths = queue_depths(topology=topology)
        except (pika.exceptions.AMQPError, OSError) as error:
            logger.warning("[Metrics] Queue depths unavailable: %r", error)
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
        for depth in depths.values():
            ready.add_metric([depth.name], depth.ready)
            consumers.add_metric([depth.name], depth.consumers)
            if depth.unacked is not None:
                unacked.add_metric([depth.name], depth.unacked)
        yield ready
        yield consumers
        if unacked.samples:
            yield unacked

    def _requests(self) -> Iterator[GaugeMetricFamily]:
        try:
            counts = wod_request_counts_by_status()
        except DatabaseError as error:
            logger.warning("[Metrics] Requests by status unavailable: %r", error)
            return
        requests = GaugeMetricFamily(
            "coach_wod_requests", "WOD requests in the database, by status.", labels=["status"]
        )
        for status, count in counts.items():
            requests.add_metric([status], count)
        yield requests
