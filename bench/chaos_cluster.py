"""`make chaos-cluster`: no WOD request lost or doubled on a 3-node RabbitMQ cluster that loses
the node leading `wods.generate`; then the chaos tests, on the same cluster.

On the cluster of `make cluster` (started when it is not running, and stopped again at the end
if it was started here) and a PostgreSQL server of the run's own, at a 30% failure rate and
with the product's defaults (WOD_PREFETCH, WOD_MAX_DELIVERIES):

1. `--bulk` requests are queued at once, through the batched publisher (as the daily job);
2. three consumers run, each given AMQP_URL's three nodes in an order that puts another node
   first; every round one of them is SIGKILLed and started again;
3. `--posted` more requests are posted through the API (gunicorn, three workers, each process
   with the nodes in an order of its own) during the run, `--post-rate` a second;
4. once a third of the requests are done, the node that leads `wods.generate` is SIGKILLed;
   `--restart-after` seconds later it is started again and rejoins the cluster;
5. the relay (publish the pending, reconcile the dead letters) runs every round.

When every request is `done` or `dead`, the dead letters are replayed with failures off. The
run fails unless every request is `done` with exactly one WOD and both queues are empty. It
prints the longest time the API could not get a publish confirmed, the requests it left
`pending` meanwhile (published by the relay), the dead letters that came from crashes and
from failures, and the total time.

Then, unless `--no-tests`, it runs the tests marked `chaos` (`pytest -m chaos`: a consumer cut
off the network in its own namespace, and the failover tests against this cluster).

    python -m bench.chaos_cluster [--bulk 18000] [--posted 2000] [--post-rate 30] [--no-tests]
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from bench import harness
from bench.chaos import (
    Consumers,
    Poster,
    Progress,
    Relay,
    conclude,
    log_line,
    settled,
    statuses,
)
from bench.cluster import Cluster, ClusterError, Node, wait_for
from testing.postgres import ThrowawayPostgres


class LeaderLoss:
    """Kills the node leading a quorum queue, and starts it again later, in the background."""

    def __init__(self, cluster: Cluster, queue: str, *, restart_after: float) -> None:
        self.cluster = cluster
        self.queue = queue
        self.restart_after = restart_after
        self.node: Node | None = None
        self._restarter = ThreadPoolExecutor(max_workers=1)
        self._restarted: Future[float] | None = None

    @property
    def happened(self) -> bool:
        return self.node is not None

    def kill(self) -> None:
        self.node = self.cluster.leader(self.queue)
        self.cluster.kill(self.node)
        self._restarted = self._restarter.submit(self._restart_later)

    def _restart_later(self) -> float:
        time.sleep(self.restart_after)
        return self.cluster.restart(self.node)

    def has_rejoined(self) -> bool:
        return self._restarted is not None and self._restarted.done()

    def rejoined_seconds(self) -> float:
        """Wait for the node's restart; the seconds it took to rejoin (or what failed)."""
        seconds = self._restarted.result()
        self._restarter.shutdown()
        return seconds


class StuckDeadLetters:
    """Restarts the leader of a quorum queue whose dead letters stopped moving.

    RabbitMQ 3.10.8 (Debian's) starts a queue's at-least-once dead-letter worker when a node
    becomes its leader; when the worker's registration times out in the election's churn, it
    exits and nothing starts another until the next leader change, so the letters wait in the
    source queue (`messages_dlx`) for good (rabbitmq-server pull request 7677, in later
    releases). Nothing is lost, but the run would never settle. A new leader starts a new worker.
    """

    def __init__(self, cluster: Cluster, queue: str, *, patience: float = 60) -> None:
        self.cluster = cluster
        self.queue = queue
        self.patience = patience
        self.restarts = 0
        self._stuck_since: float | None = None

    def check(self, *, progressed: bool) -> None:
        """Restart the queue's leader once its dead letters have not moved for `patience`."""
        try:
            held = self.cluster.queue_details(self.queue).get("messages_dlx", 0)
        except ClusterError:
            return
        if progressed or not held:
            self._stuck_since = None
            return
        now = time.monotonic()
        if self._stuck_since is None:
            self._stuck_since = now
        if now - self._stuck_since < self.patience:
            return
        node = self.cluster.leader(self.queue)
        log_line(f"{held} dead letters held for {self.patience:g}s: restarting {node.name}")
        self.cluster.kill(node)
        seconds = self.cluster.restart(node)
        self.restarts += 1
        self._stuck_since = None
        log_line(f"{node.name} rejoined in {seconds:.1f}s")


def consumers_by_node(cluster: Cluster, *, expected: int) -> dict[str, int]:
    """How many consumer connections each node holds, once all `expected` show: RabbitMQ's
    management API lists a new connection a few seconds after it opened."""
    counted: dict[str, int] = {}

    def all_listed() -> bool:
        named = Counter(node.name for name, node in cluster.connections() if " consumer " in name)
        counted.update({node.name: named.get(node.name, 0) for node in cluster.nodes})
        return sum(counted.values()) == expected

    wait_for(all_listed, timeout=60, what=f"{expected} consumer connections", interval=1)
    return counted


def queue_states(cluster: Cluster) -> str:
    """Each quorum queue's leader, replicas online and messages, for a run that stalls."""
    try:
        rows = cluster.quorum_queues()
    except ClusterError as error:
        return f"unknown ({error})"
    return "; ".join(
        f"{row['name']}: leader {row['leader']}, online {row['online']}, {row['messages']} messages"
        for row in rows
    )


def node_first(urls: list[str], first: int) -> str:
    """AMQP_URL's addresses, starting with the `first`-th and going round."""
    return ",".join(urls[first:] + urls[:first])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bulk", type=int, default=18_000)
    parser.add_argument("--posted", type=int, default=2_000)
    parser.add_argument("--post-rate", type=float, default=30.0, help="POSTs a second")
    parser.add_argument("--kill-every", type=float, default=3.0, help="seconds between kills")
    parser.add_argument("--restart-after", type=float, default=10.0)
    parser.add_argument("--timeout", type=float, default=600, help="seconds per waiting phase")
    parser.add_argument("--no-tests", action="store_true", help="skip `pytest -m chaos`")
    args = parser.parse_args()
    environment = dict(os.environ)  # the tests' own, before this run's settings

    cluster = Cluster()
    started_here = not cluster.is_formed()
    formed = cluster.start()
    if started_here:
        log_line(f"cluster formed in {formed:.1f}s")
    try:
        with ThrowawayPostgres.create() as postgres:
            os.environ["AMQP_URL"] = cluster.amqp_url
            env = harness.configure(
                database_url=postgres.url("coach_chaos_cluster"),
                queue_prefix=f"chaos-cluster-{os.getpid()}.",
            )
            env["WOD_PENDING_GRACE_SECONDS"] = "2"
            run(args, env, cluster)
        if args.no_tests:
            return 0
        log_line("the chaos tests: pytest -m chaos")
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-m", "chaos", "-q"], env=environment, check=False
        ).returncode
    finally:
        if started_here:
            cluster.stop()


def run(args, env: dict[str, str], cluster: Cluster) -> None:
    from rest_framework_simplejwt.tokens import RefreshToken

    from wods.broker.topology import Topology

    expected = args.bulk + args.posted
    harness.migrate()
    harness.clear_wods()
    athletes = harness.athletes(200)
    tokens = [str(RefreshToken.for_user(athlete).access_token) for athlete in athletes]
    log = Path(os.environ.get("CHAOS_LOG", "/tmp/coach-chaos-cluster.log"))
    log.write_text("")
    server, base = harness.start_gunicorn(
        env, workers=3, stdout=log.open("a"), stderr=subprocess.STDOUT
    )
    urls = cluster.amqp_url.split(",")
    consumers = Consumers(
        [
            {**env, "AMQP_URL": node_first(urls, slot), "AMQP_SHUFFLE_ADDRESSES": "false"}
            for slot in range(len(urls))
        ],
        log,
        failure_rate=0.3,
        prefetch=None,
    )
    relay = Relay()
    leader_loss = LeaderLoss(
        cluster, Topology.from_settings().queue, restart_after=args.restart_after
    )
    stuck_dead_letters = StuckDeadLetters(cluster, Topology.from_settings().queue)
    started = time.monotonic()
    try:
        harness.purge_queues()
        harness.queue_requests(args.bulk, athletes)
        log_line(f"{args.bulk} requests queued in bulk in {time.monotonic() - started:.1f}s")
        consumers.start()
        log_line(f"consumers by node: {consumers_by_node(cluster, expected=len(urls))}")
        poster = Poster(base, tokens, args.posted, rate=args.post_rate)
        poster.start()
        progress = Progress(started)
        finished_before = -1
        deadline = time.monotonic() + args.timeout
        while (poster.is_alive() or not settled(expected)) and time.monotonic() < deadline:
            time.sleep(args.kill_every)
            consumers.kill_one()
            counts = statuses()
            done = counts.get("done", 0)
            if progress.report(counts):
                finished = done + counts.get("dead", 0)
                if finished == finished_before:
                    log_line(f"no request finished meanwhile; queues: {queue_states(cluster)}")
                if leader_loss.happened and leader_loss.has_rejoined():
                    stuck_dead_letters.check(progressed=finished != finished_before)
                finished_before = finished
            if not leader_loss.happened and done >= expected // 3:
                leader_loss.kill()
                log_line(
                    f"killed {leader_loss.node.name}, leader of wods.generate, at "
                    f"{statuses().get('done', 0)} done requests"
                )
            relay.run()
        posted = poster.join()
        assert leader_loss.happened, "the run ended before the leader was killed"
        log_line(
            f"{leader_loss.node.name} started again {args.restart_after:g}s after its kill, "
            f"rejoined in {leader_loss.rejoined_seconds():.1f}s"
        )
        figures = conclude(
            env=env,
            log=log,
            consumers=consumers,
            relay=relay,
            expected=expected,
            posted_ids=posted,
            timeout=args.timeout,
            started=started,
        )
        figures = {
            "requests": f"{expected} ({args.bulk} in bulk, {args.posted} through the API)",
            "longest time the API got no publish confirmed (s)": round(
                poster.longest_unconfirmed(), 2
            ),
            "slowest POST (s)": round(poster.slowest(), 2),
            "requests the API left pending, published by the relay": len(poster.pending()),
            "relay runs that failed (broker or database away)": relay.failed_runs,
            "leader restarts for dead letters held by wods.generate": stuck_dead_letters.restarts,
            **figures,
        }
        for name, value in figures.items():
            log_line(f"{name}: {value}")
        log_line("OK: nothing lost, nothing doubled")
    finally:
        if consumers.processes:
            consumers.stop()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        harness.delete_queues()


if __name__ == "__main__":
    sys.exit(main())
