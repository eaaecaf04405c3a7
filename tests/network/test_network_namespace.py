"""The cut-network harness does what the chaos tests rely on: a process in the namespace
reaches the broker while the link is up; when the link is cut, the broker drops its
connection on missed heartbeats (nothing is reset), and no new connection gets through; once
the link is restored, the old connection learns it is gone and a new one gets through."""

import ipaddress
import select
import subprocess
import sys

import pytest

from bench import amqp_probe
from bench.cluster import ROOT, wait_for

# With the tests that rely on it: slow (a RabbitMQ node of its own, heartbeat timeouts).
pytestmark = pytest.mark.chaos

# Bounds for what should take a few seconds (pika notices a silent loss only after
# heartbeat + 5 s, and checks at that interval), never speed goals.
PROBE_TIMEOUT = 30


def start_probe(namespace, node) -> subprocess.Popen:
    return namespace.popen(
        [sys.executable, "-m", "bench.amqp_probe", node.url, "--heartbeat", "1"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def next_line(probe: subprocess.Popen) -> str:
    ready, _, _ = select.select([probe.stdout], [], [], PROBE_TIMEOUT)
    assert ready, f"the probe said nothing within {PROBE_TIMEOUT}s"
    return probe.stdout.readline().strip()


def peers(node) -> list[str]:
    """The addresses the node holds AMQP connections from."""
    return node.ctl("list_connections", "--quiet", "--no-table-headers", "peer_host").split()


def test_the_namespace_reaches_the_broker_only_while_its_link_is_up(namespace, namespace_broker):
    held = start_probe(namespace, namespace_broker)
    probes = [held]
    try:
        assert next_line(held) == "connected"
        assert peers(namespace_broker) == [namespace.guest_address]

        namespace.cut()
        try:
            # The broker drops the silent connection once heartbeats go missing.
            wait_for(
                lambda: peers(namespace_broker) == [],
                timeout=PROBE_TIMEOUT,
                what="the broker to drop the cut-off connection",
            )
            probes.append(cut_off := start_probe(namespace, namespace_broker))
            assert next_line(cut_off).startswith("unreachable ")
            assert cut_off.wait(timeout=PROBE_TIMEOUT) == amqp_probe.UNREACHABLE
        finally:
            namespace.restore()

        probes.append(fresh := start_probe(namespace, namespace_broker))
        assert next_line(fresh) == "connected"
        assert next_line(held).startswith("lost ")
        assert held.wait(timeout=PROBE_TIMEOUT) == amqp_probe.LOST
    finally:
        for probe in probes:
            probe.kill()
            probe.wait()


def test_the_namespace_has_no_route_but_to_its_pair(namespace):
    pair = ipaddress.ip_interface(f"{namespace.guest_address}/{namespace.prefix_length}")
    routes = namespace.run(["ip", "-4", "route"], capture_output=True, text=True, check=True)
    assert [line.split()[0] for line in routes.stdout.splitlines()] == [str(pair.network)]
    to_host_loopback = namespace.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 5672), 2)"],
        capture_output=True,
    )
    assert to_host_loopback.returncode != 0
