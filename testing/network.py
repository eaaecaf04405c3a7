"""A test host of its own: a network namespace joined to this host by a veth pair.

    with NetworkNamespace.create() as host:
        host.host_address               # this host's end of the pair (bind servers here)
        host.popen([sys.executable, ...])  # a process that lives on the other end
        host.cut()                      # its link goes down: no packet passes, nothing
        host.restore()                  #   is reset or refused, as in a pulled cable

The namespace has no route but its pair's: a process inside reaches `host_address` and
nothing else (its own loopback aside). Files, and so Unix sockets, are shared with this host.
Everything made is removed on leaving the block, even when the block fails.

Needs root (or CAP_NET_ADMIN) and `ip` from iproute2; `unavailable_reason()` says why not.
"""

import ipaddress
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# Each namespace takes one /30 of this block; the choice skips what this host already uses.
ADDRESS_BLOCK = ipaddress.ip_network("10.213.0.0/16")
SUBNETS = list(ADDRESS_BLOCK.subnets(new_prefix=30))


class NetworkSetupError(Exception):
    """An `ip` command failed; the message quotes it and its error."""


def ip(*arguments: str, namespace: str | None = None) -> str:
    command = ["ip", *arguments] if namespace is None else ["ip", "-n", namespace, *arguments]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise NetworkSetupError(f"{' '.join(command)}: {result.stderr.strip()}")
    return result.stdout


def unavailable_reason() -> str | None:
    """Why this host cannot make a namespace for a test, or None when it can."""
    if sys.platform != "linux":
        return "network namespaces are a Linux feature"
    if shutil.which("ip") is None:
        return "`ip` (iproute2) is not installed"
    if os.geteuid() != 0:
        return "making a network namespace needs root"
    probe = f"coach-probe-{os.getpid()}"
    try:
        ip("netns", "add", probe)
    except NetworkSetupError as error:
        return f"`ip netns add` fails here: {error}"
    ip("netns", "delete", probe)
    return None


def addresses_in_use() -> list[ipaddress.IPv4Network]:
    """This host's IPv4 networks: its addresses' and its routes'."""
    networks = []
    for line in ip("-4", "-o", "addr", "show").splitlines():
        networks.append(ipaddress.ip_interface(line.split()[3]).network)
    for line in ip("-4", "route", "show").splitlines():
        destination = line.split()[0]
        if destination != "default":
            networks.append(ipaddress.ip_network(destination, strict=False))
    return networks


@dataclass(frozen=True)
class NetworkNamespace:
    name: str
    host_interface: str
    guest_interface: str
    host_address: str
    guest_address: str
    prefix_length: int

    @classmethod
    @contextmanager
    def create(cls) -> Iterator["NetworkNamespace"]:
        """A fresh namespace and its veth pair; both removed when the block ends."""
        namespace = cls._make()
        try:
            yield namespace
        finally:
            namespace.remove()

    @classmethod
    def _make(cls) -> "NetworkNamespace":
        in_use = addresses_in_use()
        start = os.getpid() % len(SUBNETS)
        for offset in range(len(SUBNETS)):
            number = (start + offset) % len(SUBNETS)
            subnet = SUBNETS[number]
            if any(subnet.overlaps(network) for network in in_use):
                continue
            host, guest = subnet.hosts()
            namespace = cls(
                name=f"coach-test-{number}",
                # Interface names are at most 15 characters.
                host_interface=f"coach{number}h",
                guest_interface=f"coach{number}g",
                host_address=str(host),
                guest_address=str(guest),
                prefix_length=subnet.prefixlen,
            )
            try:
                ip("netns", "add", namespace.name)
            except NetworkSetupError:
                continue  # another test run holds this number right now
            try:
                namespace._wire()
            except BaseException:
                namespace.remove()
                raise
            return namespace
        raise NetworkSetupError(f"no free /30 left in {ADDRESS_BLOCK}")

    def _wire(self) -> None:
        ip(
            "link", "add", self.host_interface,
            "type", "veth", "peer", "name", self.guest_interface, "netns", self.name,
        )  # fmt: skip
        ip("addr", "add", f"{self.host_address}/{self.prefix_length}", "dev", self.host_interface)
        ip("link", "set", self.host_interface, "up")
        ip(
            "addr", "add", f"{self.guest_address}/{self.prefix_length}",
            "dev", self.guest_interface,
            namespace=self.name,
        )  # fmt: skip
        ip("link", "set", "lo", "up", namespace=self.name)
        ip("link", "set", self.guest_interface, "up", namespace=self.name)

    def remove(self) -> None:
        """Delete the namespace (which takes its end of the pair, and so the pair, along)."""
        subprocess.run(["ip", "netns", "delete", self.name], capture_output=True)
        # Normally gone with its peer; a half-made pair may still have this end.
        subprocess.run(["ip", "link", "delete", self.host_interface], capture_output=True)

    # Inside the namespace
    # --------------------------------------------------------------------------

    def command(self, argv: list[str]) -> list[str]:
        """`argv`, to be run inside the namespace."""
        return ["ip", "netns", "exec", self.name, *argv]

    def popen(self, argv: list[str], **options) -> subprocess.Popen:
        return subprocess.Popen(self.command(argv), **options)

    def run(self, argv: list[str], **options) -> subprocess.CompletedProcess:
        return subprocess.run(self.command(argv), **options)

    # The link
    # --------------------------------------------------------------------------

    def cut(self) -> None:
        """Take the namespace's end down: its packets go nowhere and no one is told.

        The guest's route disappears with its link, so the namespace cannot send anywhere
        (not even out of this host's uplink); established connections are not reset, only
        silent, and are noticed by heartbeats and timeouts alone.
        """
        ip("link", "set", self.guest_interface, "down", namespace=self.name)

    def restore(self) -> None:
        ip("link", "set", self.guest_interface, "up", namespace=self.name)
