"""`make chaos`: prove that no WOD request is lost or doubled under faults.

On PostgreSQL, with a 30% failure rate: post requests through the API (gunicorn), run three
consumers, SIGKILL a random one every two seconds and start a new one, restart RabbitMQ once
in the middle. When every request is `done` or `dead`, replay the dead letters with failures
off and wait again. Then assert: every request is `done` with exactly one WOD, no WOD
without its request, no message left in any queue.

    python -m bench.chaos [--requests 2000] [--timeout 300]
"""

import argparse
import os
import random
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from io import StringIO
from pathlib import Path

import requests

from bench import harness

RABBITMQ_RESTART = "rabbitmqctl -q stop_app && rabbitmqctl -q start_app"


class Consumers:
    """Three competing consumers, one of them killed and replaced every interval."""

    def __init__(self, env: dict[str, str], log: Path, *, failure_rate: float) -> None:
        self.env = env
        self.log = log.open("a")
        self.failure_rate = failure_rate
        self.processes: list[subprocess.Popen] = []
        self.kills = 0

    def start(self) -> None:
        self.processes.append(
            harness.manage(
                "consume_wods",
                "--failure-rate",
                str(self.failure_rate),
                "--prefetch",
                "50",
                env=self.env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
            )
        )

    def kill_one(self) -> None:
        victim = random.choice(self.processes)
        victim.kill()
        victim.wait()
        self.processes.remove(victim)
        self.kills += 1
        self.start()

    def stop(self) -> None:
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            # -SIGTERM: the consumer was still importing Django, before its handlers existed.
            if process.wait(timeout=60) not in (0, -signal.SIGTERM):
                raise AssertionError(f"a consumer exited with {process.returncode} on SIGTERM")
        self.processes = []


def post_requests(base: str, tokens: list[str], count: int) -> list[str]:
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_maxsize=8)
    session.mount("http://", adapter)

    def post(index: int) -> str:
        response = session.post(
            f"{base}/api/wods/requests/",
            json={},
            headers={"Authorization": f"Bearer {tokens[index % len(tokens)]}"},
            timeout=30,
        )
        if response.status_code != 202:
            raise AssertionError(f"POST answered {response.status_code}: {response.text[:200]}")
        return response.json()["id"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(post, range(count)))


def statuses() -> dict[str, int]:
    from django.db.models import Count

    from wods.models import WodRequest

    return dict(
        WodRequest.objects.values_list("status").annotate(count=Count("id")).order_by("status")
    )


def settled(expected: int) -> bool:
    counts = statuses()
    return counts.get("done", 0) + counts.get("dead", 0) == expected


def queue_counts() -> tuple[int, int]:
    """Messages in wods.generate and wods.dead, counted by the broker now (no consumer runs,
    so nothing is unacked; the management API's counts lag by seconds)."""
    from wods.broker.connection import broker_connection
    from wods.broker.topology import Topology

    topology = Topology.from_settings()
    with broker_connection() as connection:
        channel = connection.channel()
        return tuple(
            channel.queue_declare(queue, passive=True).method.message_count
            for queue in (topology.queue, topology.dead_letter_queue)
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--timeout", type=float, default=300, help="seconds per waiting phase")
    parser.add_argument("--kill-every", type=float, default=2.0)
    parser.add_argument("--rabbitmq-restart", default=RABBITMQ_RESTART)
    args = parser.parse_args()

    env = harness.configure(
        database_url=os.environ.get(
            "CHAOS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coach_chaos"
        ),
        queue_prefix=f"chaos-{os.getpid()}.",
    )
    env["WOD_PENDING_GRACE_SECONDS"] = "2"
    harness.migrate()
    harness.clear_wods()
    from django.core.management import call_command
    from rest_framework_simplejwt.tokens import RefreshToken

    from wods.models import Wod, WodRequest

    athletes = harness.athletes(50)
    tokens = [str(RefreshToken.for_user(athlete).access_token) for athlete in athletes]
    log = Path(os.environ.get("CHAOS_LOG", "/tmp/coach-chaos.log"))
    log.write_text("")
    server, base = harness.start_gunicorn(
        env, workers=3, stdout=log.open("a"), stderr=subprocess.STDOUT
    )
    consumers = Consumers(env, log, failure_rate=0.3)
    started = time.monotonic()
    try:
        harness.purge_queues()
        for _ in range(3):
            consumers.start()

        ids: list[str] = []
        poster = threading.Thread(
            target=lambda: ids.extend(post_requests(base, tokens, args.requests))
        )
        poster.start()
        restarted = False
        deadline = time.monotonic() + args.timeout
        while (poster.is_alive() or not settled(args.requests)) and time.monotonic() < deadline:
            time.sleep(args.kill_every)
            consumers.kill_one()
            done = statuses().get("done", 0)
            if not restarted and done >= args.requests // 3:
                print(f"[chaos] restarting RabbitMQ at {done} done requests", flush=True)
                subprocess.run(args.rabbitmq_restart, shell=True, check=True)
                restarted = True
            # The relay, as cron runs it: requests posted while the broker was away.
            call_command("publish_pending_wods", verbosity=0, stdout=StringIO())
        poster.join()
        if len(ids) != args.requests:
            raise AssertionError(f"only {len(ids)} of {args.requests} POSTs answered 202")
        consumers.stop()
        before_replay = statuses()
        print(
            f"[chaos] settled after {time.monotonic() - started:.0f}s, {consumers.kills} "
            f"kills, RabbitMQ restarted: {restarted}: {before_replay}",
            flush=True,
        )

        call_command("requeue_dead_wods", stdout=StringIO())
        call_command("publish_pending_wods", verbosity=0, stdout=StringIO())
        final = harness.manage(
            "consume_wods",
            "--failure-rate",
            "0",
            "--idle-exit",
            "5",
            env=env,
            stdout=log.open("a"),
            stderr=subprocess.STDOUT,
        )
        harness.wait_until(lambda: statuses().get("done", 0) == args.requests, timeout=args.timeout)
        final.wait(timeout=args.timeout)

        after = statuses()
        wods = Wod.objects.count()
        wods_of_requests = (
            Wod.objects.filter(request_id__in=ids).values("request_id").distinct().count()
        )
        generate_left, dead_left = queue_counts()
        print(
            f"[chaos] final: requests {after}, WODs {wods}, queues: generate {generate_left}, "
            f"dead {dead_left}; {time.monotonic() - started:.0f}s in all",
            flush=True,
        )
        assert WodRequest.objects.count() == args.requests, "a request row is missing"
        assert after == {"done": args.requests}, f"not every request is done: {after}"
        assert wods == args.requests, f"{wods} WODs for {args.requests} requests"
        assert wods_of_requests == args.requests, "a request has no WOD, or a WOD no request"
        assert (generate_left, dead_left) == (0, 0), "messages are left in the queues"
        print("[chaos] OK: nothing lost, nothing doubled", flush=True)
        return 0
    finally:
        if consumers.processes:
            consumers.stop()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        harness.delete_queues()


if __name__ == "__main__":
    sys.exit(main())
