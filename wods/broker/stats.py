"""How full the WOD queues are, for the admin's queue overview and the Prometheus gauges.

RabbitMQ's management API knows ready and unacked counts; AMQP itself (a passive declare)
knows only the ready ones, which is the fallback when the management plugin is off. On a
cluster every node answers for every queue: the nodes are asked in turn until one does.
https://www.rabbitmq.com/docs/management#http-api
"""

import logging
import urllib.parse
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class ManagementApi:
    """Where the management API is, and its credentials apart: they go in `auth=`, never in
    the URL, which shows up in error messages (and so in logs)."""

    url: str
    auth: tuple[str, str] = field(repr=False)


def management_apis() -> list[ManagementApi]:
    """The management API of each node, in the order to try them: RABBITMQ_MANAGEMENT_URL's
    (one URL, or several separated by commas), or else each AMQP_URL address's host on port
    15672. The credentials are each management URL's, else the AMQP address's (guest/guest
    when it has none either)."""
    amqp_addresses = [urllib.parse.urlsplit(url) for url in broker_urls()]
    if not settings.RABBITMQ_MANAGEMENT_URL:
        return [_management_api(amqp, amqp) for amqp in amqp_addresses]
    return [
        _management_api(urllib.parse.urlsplit(url.rstrip("/")), amqp_addresses[0])
        for url in parse_broker_urls(settings.RABBITMQ_MANAGEMENT_URL)
    ]


def _management_api(
    address: urllib.parse.SplitResult, amqp: urllib.parse.SplitResult
) -> ManagementApi:
    if address is amqp:
        host = amqp.hostname or "localhost"
        url = f"http://{f'[{host}]' if ':' in host else host}:15672"
    else:
        host = address.netloc.rpartition("@")[2]
        url = urllib.parse.urlunsplit((address.scheme, host, address.path, "", ""))
    credentials = address if address.username is not None else amqp
    return ManagementApi(
        url=url,
        auth=(
            urllib.parse.unquote(credentials.username or "guest"),
            urllib.parse.unquote(credentials.password or "guest"),
        ),
    )


def _vhost() -> str:
    # Every address of a cluster names the same virtual host.
    return pika.URLParameters(broker_urls()[0]).virtual_host


def queue_depths(*, topology: Topology | None = None) -> dict[str, QueueDepth]:
    """Depth of `wods.generate` and `wods.dead`, keyed by "generate" and "dead".

    Raises one of `BROKER_ERRORS` when the broker is unreachable.
    """
    topology = topology or Topology.from_settings()
    queues = {"generate": topology.queue, "dead": topology.dead_letter_queue}
    for api in management_apis():
        try:
            return {key: _from_management(api, name) for key, name in queues.items()}
        except (requests.RequestException, KeyError, ValueError) as error:
            logger.debug("Management API unavailable at %s (%r)", api.url, error)
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


def _from_management(api: ManagementApi, queue: str) -> QueueDepth:
    url = (
        f"{api.url}/api/queues/{urllib.parse.quote(_vhost(), safe='')}/"
        f"{urllib.parse.quote(queue, safe='')}"
    )
    response = requests.get(url, auth=api.auth, timeout=MANAGEMENT_TIMEOUT_SECONDS)
    response.raise_for_status()
    data = response.json()
    return QueueDepth(
        name=queue,
        ready=int(data.get("messages_ready", 0)),
        unacked=int(data.get("messages_unacknowledged", 0)),
        consumers=int(data.get("consumers", 0)),
    )
