"""The 3-node RabbitMQ cluster of `make cluster`, for the failover tests: started for the
session when it is not running (and then stopped again), reused when it is. The tests kill
its nodes and start them again; the machine's own RabbitMQ is never touched.

Needs Debian's rabbitmq-server (as CI has): without it the tests skip locally with one line,
and fail in CI.
"""

from collections.abc import Iterator

import pytest

from bench.cluster import RABBITMQ_BIN, Cluster
from testing.environment import missing


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    if not (RABBITMQ_BIN / "rabbitmq-server").exists():
        missing("The cluster tests need Debian's rabbitmq-server package.")
    cluster = Cluster()
    started_here = not cluster.is_formed()
    cluster.start()
    yield cluster
    if started_here:
        cluster.stop()


@pytest.fixture
def cluster_amqp(settings, cluster) -> str:
    """This test's broker settings name the three nodes, tried in the order A, B, C: the
    `topology` and `broker` fixtures (requested after this one) declare and count there. A
    node an earlier test left stopped is started again first."""
    for node in cluster.nodes:
        if not node.is_running():
            cluster.restart(node)
    settings.AMQP_URL = cluster.amqp_url
    settings.AMQP_SHUFFLE_ADDRESSES = False
    return cluster.amqp_url
