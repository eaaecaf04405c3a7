"""`make cluster`: a 3-node RabbitMQ cluster on this host, beside the machine's own node.

The nodes run Debian's `rabbitmq-server` (the scripts in /usr/lib/rabbitmq/bin, so that root
keeps the cluster's own Erlang cookie instead of switching to the system node's), each with
its own name, ports and data under `.cluster/` of the project, every port bound to
127.0.0.1. They find each other by classic-config peer discovery, declare nothing and
configure queues as a fresh node does (quorum queues, at-least-once dead-lettering); the
management plugin is on, one port per node. The machine's own node (`rabbit@localhost`,
port 5672) is never touched.

    python -m bench.cluster start     # idempotent; prints the AMQP_URL (and management URL) to use
    python -m bench.cluster stop      # stops the nodes and removes .cluster/
    python -m bench.cluster status    # which nodes run, and who leads each quorum queue

    node   AMQP   management  distribution
    A      5682   15682       25682
    B      5683   15683       25683
    C      5684   15684       25684

The chaos run drives it from Python: `Cluster().kill(node)` (SIGKILL),
`Cluster().restart(node)` (start again and wait until it has rejoined and its quorum
replicas are back online), `Cluster().leader(queue)`.

What it costs here (formation, a node's rejoin) and how to run a cluster elsewhere:
docs/SCALING.md.
"""

import argparse
import base64
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRECTORY = ROOT / ".cluster"
# Debian's own copies run as the calling user; /usr/sbin's wrappers switch to `rabbitmq`.
RABBITMQ_BIN = Path("/usr/lib/rabbitmq/bin")
NODE_NAMES = ("rabbitA", "rabbitB", "rabbitC")
FIRST_AMQP_PORT = 5682
MANAGEMENT_PORT_OFFSET = 10_000
DISTRIBUTION_PORT_OFFSET = 20_000
# Keeps /etc/rabbitmq/rabbitmq-env.conf (which names the system node) out of our nodes' way;
# epmd and the inter-node traffic stay on the loopback interface.
ENVIRONMENT_FILE = (
    "ERL_EPMD_ADDRESS=127.0.0.1\n"
    'SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"\n'
)


GUEST_BASIC_AUTH = "Basic " + base64.b64encode(b"guest:guest").decode()


class ClusterError(Exception):
    """The cluster could not be started, formed or queried; the message says why."""


@dataclass(frozen=True)
class Node:
    """One RabbitMQ node of ours: its name, ports and folder, and the commands that run it.

    The cut-network test starts a lone node too, listening on its veth address
    (`address`), with `remote_guest` letting guest log in from outside the loopback.
    """

    name: str
    directory: Path
    home: Path  # holds the Erlang cookie the node and our CLI calls share
    amqp_port: int
    distribution_port: int
    address: str = "127.0.0.1"
    management_port: int | None = None
    peers: tuple[str, ...] = ()
    remote_guest: bool = False

    @property
    def nodename(self) -> str:
        return f"{self.name}@localhost"

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@{self.address}:{self.amqp_port}/%2F"

    @property
    def management_url(self) -> str:
        return f"http://guest:guest@127.0.0.1:{self.management_port}"

    @property
    def pid_file(self) -> Path:
        return self.directory / "beam.pid"

    @property
    def log_file(self) -> Path:
        return self.directory / "log" / f"{self.nodename}.log"

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "HOME": str(self.home),
            "PATH": f"{RABBITMQ_BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "RABBITMQ_CONF_ENV_FILE": str(self.home.parent / "rabbitmq-env.conf"),
            "RABBITMQ_NODENAME": self.nodename,
            "RABBITMQ_NODE_IP_ADDRESS": self.address,
            "RABBITMQ_NODE_PORT": str(self.amqp_port),
            "RABBITMQ_DIST_PORT": str(self.distribution_port),
            "RABBITMQ_MNESIA_BASE": str(self.directory / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.directory / "log"),
            "RABBITMQ_PID_FILE": str(self.pid_file),
            "RABBITMQ_CONFIG_FILE": str(self.directory / "rabbitmq.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.directory / "enabled_plugins"),
        }

    def configure(self) -> None:
        """Write the node's rabbitmq.conf and plugin list (the shared files: `prepare`)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        lines = [f"listeners.tcp.default = {self.address}:{self.amqp_port}"]
        if self.management_port is not None:
            lines += [
                f"management.tcp.port = {self.management_port}",
                "management.tcp.ip = 127.0.0.1",
            ]
        if self.peers:
            lines.append("cluster_formation.peer_discovery_backend = classic_config")
            lines += [
                f"cluster_formation.classic_config.nodes.{number} = {peer}"
                for number, peer in enumerate(self.peers, start=1)
            ]
        if self.remote_guest:
            lines.append("loopback_users = none")
        (self.directory / "rabbitmq.conf").write_text("\n".join(lines) + "\n")
        plugins = "[rabbitmq_management]." if self.management_port is not None else "[]."
        (self.directory / "enabled_plugins").write_text(plugins + "\n")

    def launch(self) -> None:
        """Start the node in the background; `wait_started` waits for it."""
        if not (RABBITMQ_BIN / "rabbitmq-server").exists():
            raise ClusterError(
                f"{RABBITMQ_BIN / 'rabbitmq-server'} is missing: install Debian's "
                "rabbitmq-server (apt-get install rabbitmq-server)."
            )
        subprocess.run(
            [str(RABBITMQ_BIN / "rabbitmq-server"), "-detached"],
            env=self.environment(),
            check=True,
            capture_output=True,
        )

    def wait_started(self, *, timeout: float) -> None:
        """Until the node runs RabbitMQ and its plugins (or fail, quoting its log)."""
        try:
            self.ctl("wait", str(self.pid_file), "--timeout", str(int(timeout)), timeout=timeout)
        except ClusterError as error:
            raise ClusterError(
                f"{error}\n--- end of {self.log_file} ---\n{self.log_tail()}"
            ) from None

    def ctl(self, *arguments: str, tool: str = "rabbitmqctl", timeout: float = 60) -> str:
        """Run a RabbitMQ CLI tool against this node; its output, or ClusterError."""
        try:
            result = subprocess.run(
                [str(RABBITMQ_BIN / tool), "-n", self.nodename, *arguments],
                env=self.environment(),
                capture_output=True,
                text=True,
                timeout=timeout + 10,
            )
        except subprocess.TimeoutExpired:
            raise ClusterError(f"{tool} {' '.join(arguments)} on {self.nodename} hung") from None
        if result.returncode != 0:
            raise ClusterError(
                f"{tool} {' '.join(arguments)} on {self.nodename} failed "
                f"({result.returncode}): {(result.stderr or result.stdout).strip()}"
            )
        return result.stdout

    def pids(self) -> list[int]:
        """The node's Erlang VM, recognised by the node name and data folder it was given.

        Only the VM: killing it ends its helpers, while epmd (which the first node on a host
        may have started) serves every node, the machine's own included.
        """
        wanted = {
            f"RABBITMQ_NODENAME={self.nodename}".encode(),
            f"RABBITMQ_MNESIA_BASE={self.directory / 'mnesia'}".encode(),
        }
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if (entry / "comm").read_text().strip() != "beam.smp":
                    continue
                variables = set((entry / "environ").read_bytes().split(b"\0"))
            except OSError:  # gone meanwhile, or not ours to read
                continue
            if wanted <= variables:
                found.append(int(entry.name))
        return found

    def is_running(self) -> bool:
        return bool(self.pids())

    def kill(self) -> None:
        """SIGKILL: the node vanishes as in a power cut, its sockets closed by the kernel."""
        for pid in self.pids():
            os.kill(pid, signal.SIGKILL)
        wait_for(lambda: not self.is_running(), timeout=10, what=f"{self.nodename} to die")

    def terminate(self, *, timeout: float = 30) -> None:
        """SIGTERM (RabbitMQ stops cleanly on it), then SIGKILL once `timeout` has passed."""
        for pid in self.pids():
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while self.is_running() and time.monotonic() < deadline:
            time.sleep(0.2)
        if self.is_running():
            self.kill()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def prepare(directory: Path) -> Path:
    """The folder's shared pieces: a fresh Erlang cookie (in the returned HOME) and the
    environment file every node reads instead of the system's."""
    home = directory / "home"
    home.mkdir(parents=True, exist_ok=True)
    cookie = home / ".erlang.cookie"
    if not cookie.exists():
        cookie.write_text(secrets.token_hex(20))
        cookie.chmod(0o400)
    (directory / "rabbitmq-env.conf").write_text(ENVIRONMENT_FILE)
    return home


def wait_for(condition, *, timeout: float, what: str, interval: float = 0.25) -> float:
    """Poll until `condition()` holds; the seconds it took, or ClusterError naming `what`."""
    started = time.monotonic()
    while True:
        if condition():
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise ClusterError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


class Cluster:
    """The three nodes under `directory`, and what the chaos run does to them."""

    def __init__(self, directory: Path = DEFAULT_DIRECTORY) -> None:
        self.directory = directory.resolve()
        home = self.directory / "home"
        nodenames = tuple(f"{name}@localhost" for name in NODE_NAMES)
        self.nodes = tuple(
            Node(
                name=name,
                directory=self.directory / name,
                home=home,
                amqp_port=FIRST_AMQP_PORT + offset,
                management_port=FIRST_AMQP_PORT + MANAGEMENT_PORT_OFFSET + offset,
                distribution_port=FIRST_AMQP_PORT + DISTRIBUTION_PORT_OFFSET + offset,
                peers=nodenames,
            )
            for offset, name in enumerate(NODE_NAMES)
        )

    @property
    def amqp_url(self) -> str:
        """What AMQP_URL takes: every node's URL, comma-separated."""
        return ",".join(node.url for node in self.nodes)

    @property
    def management_url(self) -> str:
        """What RABBITMQ_MANAGEMENT_URL takes: every node's management API, comma-separated."""
        return ",".join(node.management_url for node in self.nodes)

    def node(self, name: str) -> Node:
        """A node by its short name (`rabbitA`) or its node name (`rabbitA@localhost`)."""
        for node in self.nodes:
            if name in (node.name, node.nodename):
                return node
        raise ClusterError(f"no node {name!r} in this cluster")

    # Asking the cluster
    # --------------------------------------------------------------------------

    def running_nodes(self, *, seen_from: Node) -> set[str]:
        """The node names `seen_from` counts as running members of its cluster."""
        status = json.loads(seen_from.ctl("cluster_status", "--formatter", "json"))
        return set(status["running_nodes"])

    def is_formed(self) -> bool:
        """Every node runs, and each one sees all three as running members."""
        everyone = {node.nodename for node in self.nodes}
        try:
            return all(
                node.is_running() and self.running_nodes(seen_from=node) == everyone
                for node in self.nodes
            )
        except (ClusterError, json.JSONDecodeError, KeyError):
            return False

    def quorum_queues(self, *, seen_from: Node | None = None) -> list[dict]:
        """Each quorum queue with its leader, members and the members online."""
        node = seen_from or self.live_node()
        rows = json.loads(
            node.ctl(
                "list_queues",
                "--quiet",
                "--formatter",
                "json",
                "name",
                "type",
                "leader",
                "members",
                "online",
                "messages",
            )
        )
        return [row for row in rows if row["type"] == "quorum"]

    def queue_details(self, queue: str) -> dict:
        """Quorum queue `queue` (default virtual host) as the management API shows it."""
        return self._management_get(f"/api/queues/%2F/{urllib.parse.quote(queue, safe='')}")

    def leader(self, queue: str, *, timeout: float = 30) -> Node:
        """The node that leads quorum queue `queue` (of the default virtual host).

        From the management API, which answers in milliseconds where `rabbitmqctl` takes
        seconds on a busy host. Its view is refreshed every few seconds: a queue declared just
        now is waited for, and a leader that changed just now may not show yet.
        """
        path = f"/api/queues/%2F/{urllib.parse.quote(queue, safe='')}"
        found: list[str] = []

        def known() -> bool:
            try:
                leader = self._management_get(path).get("leader")
            except ClusterError:
                return False
            found.extend([leader] if leader else [])
            return bool(found)

        wait_for(known, timeout=timeout, what=f"the management API to know {queue}'s leader")
        return self.node(found[0])

    def connections(self) -> list[tuple[str, Node]]:
        """Each client connection's name (Coach's say `coach consumer <pid>`) and its node,
        from the management API (`rabbitmqctl list_connections` asks each connection in turn
        and waits on one that is closing, a client just killed)."""
        by_name = {node.nodename: node for node in self.nodes}
        return [
            ((row.get("client_properties") or {}).get("connection_name", ""), by_name[row["node"]])
            for row in self._management_get("/api/connections")
            if row.get("node") in by_name
        ]

    def _management_get(self, path: str):
        """GET `path` from the management API of the first running node that answers."""
        for node in self.nodes:
            if not node.is_running():
                continue
            request = urllib.request.Request(
                f"http://127.0.0.1:{node.management_port}{path}",
                headers={"Authorization": GUEST_BASIC_AUTH},
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return json.load(response)
            except (OSError, ValueError):
                continue
        raise ClusterError(f"no node's management API answered {path}")

    def live_node(self) -> Node:
        for node in self.nodes:
            if node.is_running():
                return node
        raise ClusterError("no node of the cluster runs")

    # Starting and stopping
    # --------------------------------------------------------------------------

    def start(self, *, timeout: float = 180) -> float:
        """Start the cluster unless it is already formed; the seconds it took to form.

        Anything short of a formed cluster (a node killed, a start that crashed half-way,
        a stale folder) is cleared first: the nodes are stopped and the folder removed.
        """
        if self.is_formed():
            return 0.0
        self.check_ports_free()
        self.stop()
        started = time.monotonic()
        prepare(self.directory)
        for node in self.nodes:
            node.configure()
            node.launch()
        for node in self.nodes:
            node.wait_started(timeout=timeout)
        remaining = timeout - (time.monotonic() - started)
        wait_for(self.is_formed, timeout=remaining, what="the three nodes to form one cluster")
        return time.monotonic() - started

    def stop(self) -> None:
        """Stop every node of ours (cleanly if it can) and remove the folder."""
        for node in self.nodes:
            for pid in node.pids():
                os.kill(pid, signal.SIGTERM)
        for node in self.nodes:
            node.terminate()
        shutil.rmtree(self.directory, ignore_errors=True)

    def check_ports_free(self) -> None:
        """Our ports must be ours: a clash with another cluster is said, not fought over."""
        for node in self.nodes:
            if node.is_running():
                continue
            for port in (node.amqp_port, node.distribution_port, node.management_port):
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", port)) == 0:
                        raise ClusterError(
                            f"port {port} (for {node.nodename}) is taken by another process: "
                            "is a cluster from another folder running? Stop it there first."
                        )

    # Chaos
    # --------------------------------------------------------------------------

    def kill(self, node: Node) -> None:
        node.kill()

    def restart(self, node: Node, *, timeout: float = 120) -> float:
        """Start a stopped or killed node again; the seconds until it rejoined the cluster
        and every quorum queue had its replica there online again."""
        started = time.monotonic()
        node.launch()
        node.wait_started(timeout=timeout)
        everyone = {each.nodename for each in self.nodes}

        def rejoined() -> bool:
            try:
                return self.running_nodes(seen_from=node) == everyone and all(
                    node.nodename in row["online"]
                    for row in self.quorum_queues(seen_from=node)
                    if node.nodename in row["members"]
                )
            except (ClusterError, json.JSONDecodeError, KeyError):
                return False

        wait_for(rejoined, timeout=timeout, what=f"{node.nodename} to rejoin the cluster")
        return time.monotonic() - started


@contextmanager
def lone_node(directory: Path, *, name: str, address: str, timeout: float = 120) -> Iterator[Node]:
    """One node of ours, not clustered, whose AMQP port (5672) listens on `address` alone and
    lets guest in from other hosts; stopped, and `directory` removed, when the block ends."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        distribution_port = probe.getsockname()[1]
    node = Node(
        name=name,
        directory=directory / name,
        home=prepare(directory),
        address=address,
        amqp_port=5672,
        distribution_port=distribution_port,
        remote_guest=True,
    )
    node.configure()
    try:
        node.launch()
        node.wait_started(timeout=timeout)
        yield node
    finally:
        node.terminate()
        shutil.rmtree(directory, ignore_errors=True)


def status(cluster: Cluster) -> str:
    lines = []
    for node in cluster.nodes:
        state = "running" if node.is_running() else "stopped"
        lines.append(f"{node.nodename:<20} {state:<8} {node.url}")
    if not any(node.is_running() for node in cluster.nodes):
        return "\n".join(lines)
    try:
        queues = cluster.quorum_queues()
    except ClusterError as error:
        first_line = str(error).splitlines()[0]
        return "\n".join([*lines, f"quorum queues unknown: {first_line}"])
    for row in queues:
        lines.append(
            f"quorum queue {row['name']}: leader {row['leader']}, "
            f"online {', '.join(sorted(row['online']))}, {row['messages']} messages"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["start", "stop", "status"])
    arguments = parser.parse_args()
    cluster = Cluster()
    try:
        if arguments.action == "start":
            already = cluster.is_formed()
            seconds = cluster.start()
            if already:
                print("The cluster is already running.", file=sys.stderr)
            else:
                print(f"Cluster formed in {seconds:.1f} s.", file=sys.stderr)
            print(f"AMQP_URL={cluster.amqp_url}")
            print(f"RABBITMQ_MANAGEMENT_URL={cluster.management_url}")
        elif arguments.action == "stop":
            cluster.stop()
            print(f"Cluster stopped; {cluster.directory} removed.", file=sys.stderr)
        else:
            print(status(cluster))
    except ClusterError as error:
        print(f"cluster: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
