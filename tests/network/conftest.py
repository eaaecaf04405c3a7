"""A test host cut off at will: a network namespace, and a RabbitMQ node on this host's end.

Needs root and iproute2 (as in CI): without them the tests skip locally with one line, and
fail in CI. The node is a lone one of the tests' own (Debian's rabbitmq-server), never the
machine's.
"""

import os
from collections.abc import Iterator

import pytest

from bench.cluster import RABBITMQ_BIN, Node, lone_node
from testing.network import NetworkNamespace, unavailable_reason


def skip_or_fail(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def namespace() -> Iterator[NetworkNamespace]:
    reason = unavailable_reason()
    if reason is not None:
        skip_or_fail(f"The cut-network tests need a network namespace: {reason}.")
    with NetworkNamespace.create() as namespace:
        yield namespace


@pytest.fixture(scope="module")
def namespace_broker(namespace, tmp_path_factory) -> Iterator[Node]:
    """A RabbitMQ node listening on the host's end of the pair, reachable from inside."""
    if not (RABBITMQ_BIN / "rabbitmq-server").exists():
        skip_or_fail("The cut-network tests need Debian's rabbitmq-server package.")
    with lone_node(
        tmp_path_factory.mktemp("rabbitmq"),
        name=f"coach-netns-{os.getpid()}",
        address=namespace.host_address,
    ) as node:
        yield node


@pytest.fixture
def namespace_amqp(settings, namespace_broker) -> str:
    """This test's broker settings point at the namespace's node: `topology` and `broker`
    (requested after this fixture) declare and count the test's queues there."""
    settings.AMQP_URL = namespace_broker.url
    return namespace_broker.url
