"""How full the WOD queues are, for the admin's queue overview and the Prometheus gauges.

RabbitMQ's management API knows ready and unacked counts; AMQP itself (a passive declare)
knows only the ready ones, which is the fallback when the management plugin is off. On a
cluster every node answers for every queue: the nodes are asked in turn until one does.
https://www.rabbitmq.com/docs/management#http-api
"""

import logging
import urllib.parse
from dataclasses import dataclass

import pika
import requests
from django.conf import settings

from wods.broker.connection import broker_connection, broker_urls, parse_broker_urls
from wods.broker.topology import Topology

logger = logging.getLogger(__name__)

MANAGEMENT_TIMEOUT_SECONDS = 2


@dataclass(frozen=True)
class QueueDepth:
    name: str
    ready: int
    unacked: int | None  # None: unknown without the management API
    consumers: int


def management_urls() -> list[str]:
    """RABBITMQ_MANAGEMENT_URL (one URL, or several separated by commas), or else each AMQP
    address's host on the management port with its credentials, in the order to try them."""
    if settings.RABBITMQ_MANAGEMENT_URL:
        return [url.rstrip("/") for url in parse_broker_urls(settings.RABBITMQ_MANAGEMENT_URL)]
    urls = []
    for address in broker_urls():
        amqp = urllib.parse.urlsplit(address)
        credentials = f"{amqp.username or 'guest'}:{amqp.password or 'guest'}"
        urls.append(f"http://{credentials}@{amqp.hostname or 'localhost'}:15672")
    return urls


def _vhost() -> str:
    # Every address of a cluster names the same virtual host.
    return pika.URLParameters(broker_urls()[0]).virtual_host


def queue_depths(*, topology: Topology | None = None) -> dict[str, QueueDepth]:
    """Depth of `wods.generate` and `wods.dead`, keyed by "generate" and "dead".

    Raises one of `BROKER_ERRORS` when the broker is unreachable.
    """
    topology = topology or Topology.from_settings()
    queues = {"generate": topology.queue, "dead": topology.dead_letter_queue}
    for url in management_urls():
        try:
            return {key: _from_management(url, name) for key, name in queues.items()}
        except (requests.RequestException, KeyError, ValueError) as error:
            logger.debug("Management API at %s unavailable (%r)", url.rpartition("@")[2], error)
    logger.debug("No management API answered; counting ready messages over AMQP")
    with broker_connection(role="queue stats") as connection:
        channel = connection.channel()
        depths = {}
        for key, name in queues.items():
            declared = channel.queue_declare(name, passive=True).method
            depths[key] = QueueDepth(
                name=name,
                ready=declared.message_count,
                unacked=None,
                consumers=declared.consumer_count,
            )
        return depths


def _from_management(management: str, queue: str) -> QueueDepth:
    url = (
        f"{management}/api/queues/{urllib.parse.quote(_vhost(), safe='')}/"
        f"{urllib.parse.quote(queue, safe='')}"
    )
    response = requests.get(url, timeout=MANAGEMENT_TIMEOUT_SECONDS)
    response.raise_for_status()
    data = response.json()
    return QueueDepth(
        name=queue,
        ready=int(data.get("messages_ready", 0)),
        unacked=int(data.get("messages_unacknowledged", 0)),
        consumers=int(data.get("consumers", 0)),
    )
