"""`make bench`: consumer throughput against a Celery peer and the broker's ceiling, publishing,
the API under load, and consumer memory. Medians of several runs, written to
docs/BENCHMARKS.md.

    python -m bench.run [--runs 3] [--requests 20000] [--quick]
"""

import argparse
import datetime
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field

from bench import harness

RESULTS = harness.ROOT / "docs" / "BENCHMARKS.md"
PREFETCHES = (1, 100, 250, 500)


@dataclass
class Report:
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, what: str, value: str, detail: str = "") -> None:
        self.rows.append((what, value, detail))
        print(f"  {what}: {value} {detail}", flush=True)


def consumer_rate(
    env, *, requests: int, users, prefetch: int, processes: int, sample: int
) -> float:
    """Prefetch 1 is slow: its steady rate is measured on the first `sample` queued WODs."""
    harness.clear_wods()
    harness.purge_queues()
    harness.queue_requests(requests, users)
    limit = ["--max-messages", str(sample)] if prefetch == 1 else ["--idle-exit", "3"]
    children = [
        harness.manage(
            "consume_wods", "--failure-rate", "0", "--prefetch", str(prefetch), *limit, env=env
        )
        for _ in range(processes)
    ]
    for child in children:
        if child.wait(timeout=1800) != 0:
            raise RuntimeError(f"consume_wods exited with {child.returncode}")
    return harness.steady_rate()


def celery_rate(env, *, requests: int, users, prefetch: int, sample: int) -> float:
    """The peer's steady rate over its first `sample` WODs (all of them would take long)."""
    from bench.peers.celery_app import app, generate_wod

    harness.clear_wods()
    queued = harness.queue_requests(requests, users)  # rows as the API would have made them
    harness.purge_queues()
    app.control.purge()
    with app.producer_or_acquire() as producer:
        for request in queued:
            generate_wod.apply_async(
                (str(request.id), request.user.email, request.for_date.isoformat()),
                producer=producer,
            )
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "bench.peers.celery_app",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            f"--prefetch-multiplier={prefetch}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env=env,
        cwd=harness.ROOT,
    )
    try:
        if not harness.wait_until(lambda: harness.wod_count() >= sample, timeout=900):
            raise RuntimeError("the Celery worker stored too few WODs")
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
        app.control.purge()
    return harness.steady_rate()


def delete_celery_queue() -> None:
    from bench.peers.celery_app import QUEUE
    from wods.broker.connection import broker_connection

    with broker_connection() as connection:
        connection.channel().queue_delete(QUEUE)


def raw_pika_rate(*, messages: int, prefetch: int) -> float:
    """The broker's ceiling: consume and ack with no work, on a queue like wods.generate."""
    import pika

    from wods.broker.connection import open_connection
    from wods.broker.messages import WodMessage
    from wods.broker.topology import ROUTING_KEY, Topology

    topology = Topology.from_settings()
    connection = open_connection()
    channel = connection.channel()
    topology.declare(channel)
    channel.queue_purge(topology.queue)
    channel.confirm_delivery()
    body = WodMessage(
        request_id=uuid.UUID(int=0), user_email="a@b.c", for_date=datetime.date(2026, 1, 1)
    ).encode()
    for _ in range(messages):
        channel.basic_publish(
            topology.exchange,
            ROUTING_KEY,
            body,
            pika.BasicProperties(delivery_mode=2, content_type="application/json"),
        )
    channel.basic_qos(prefetch_count=prefetch)
    received = 0
    first = last = 0.0
    for method, _, _ in channel.consume(topology.queue, inactivity_timeout=5):
        if method is None:
            break
        channel.basic_ack(method.delivery_tag)
        received += 1
        last = time.perf_counter()
        if received == 1:
            first = last
        if received == messages:
            break
    channel.cancel()
    connection.close()
    return (received - 1) / (last - first)


def daily_endpoint_seconds(env, *, users: int) -> float:
    """Time from the call to every message confirmed: the endpoint answers after confirms."""
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    harness.clear_wods()
    harness.purge_queues()
    harness.athletes(users)
    staff, _ = get_user_model().objects.get_or_create(
        email="bench-staff@example.com", defaults={"is_staff": True}
    )
    client = APIClient()
    client.force_authenticate(staff)
    started = time.perf_counter()
    response = client.post("/api/wods/requests/daily/", {}, format="json")
    elapsed = time.perf_counter() - started
    if response.status_code >= 300:
        raise RuntimeError(f"daily endpoint answered {response.status_code}: {response.content}")
    return elapsed


@dataclass
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float


WRK_SCRIPT = """
wrk.method = "{method}"
wrk.headers["Authorization"] = "Bearer {token}"
wrk.headers["Content-Type"] = "application/json"
{body}
done = function(summary, latency, requests)
  io.write(string.format("RESULT %f %f %f\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def wrk(url: str, *, token: str, method: str, seconds: int) -> WrkResult:
    body = 'wrk.body = "{}"' if method == "POST" else ""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT.format(method=method, token=token, body=body))
    output = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", script.name, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script.name)
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    rps, p50, p99 = (float(value) for value in line.split()[1:])
    return WrkResult(rps, p50, p99)


def api_under_load(env, *, seconds: int, runs: int) -> tuple[WrkResult, WrkResult]:
    from rest_framework_simplejwt.tokens import RefreshToken

    [athlete] = harness.athletes(1)
    token = str(RefreshToken.for_user(athlete).access_token)
    server, base = harness.start_gunicorn(env, workers=4)
    try:
        wrk(f"{base}/bench/ping/", token=token, method="GET", seconds=2)  # warm the workers
        bare = [
            wrk(f"{base}/bench/ping/", token=token, method="GET", seconds=seconds)
            for _ in range(runs)
        ]
        posts = []
        for _ in range(runs):
            harness.clear_wods()
            posts.append(
                wrk(f"{base}/api/wods/requests/", token=token, method="POST", seconds=seconds)
            )
        harness.purge_queues()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return median_wrk(bare), median_wrk(posts)


def median_wrk(results: list[WrkResult]) -> WrkResult:
    return WrkResult(
        harness.median([r.requests_per_second for r in results]),
        harness.median([r.p50_ms for r in results]),
        harness.median([r.p99_ms for r in results]),
    )


def consumer_memory(env, *, users, first: int, last: int) -> tuple[float, float]:
    harness.clear_wods()
    harness.purge_queues()
    harness.queue_requests(last, users)
    consumer = harness.manage("consume_wods", "--failure-rate", "0", "--idle-exit", "3", env=env)
    try:
        harness.wait_until(lambda: harness.wod_count() >= first, timeout=600, interval=0.05)
        after_first = harness.rss_megabytes(consumer.pid)
        harness.wait_until(lambda: harness.wod_count() >= last - 100, timeout=1800, interval=0.05)
        after_last = harness.rss_megabytes(consumer.pid)
    finally:
        consumer.wait(timeout=600)
    return after_first, after_last


def versions() -> str:
    import celery
    import django
    import pika
    import psycopg2

    rabbit = (
        subprocess.run(
            ["rabbitmqctl", "version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        or "unknown"
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return (
        f"Python {platform.python_version()}, Django {django.__version__}, "
        f"pika {pika.__version__}, "
        f"psycopg2 {psycopg2.__version__.split()[0]}, Celery {celery.__version__}, "
        f"PostgreSQL {postgres}, RabbitMQ {rabbit}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--daily-users", type=int, default=10_000)
    parser.add_argument("--memory", type=int, nargs=2, default=(5_000, 50_000))
    parser.add_argument("--load-seconds", type=int, default=10)
    parser.add_argument("--sample", type=int, default=1500, help="WODs timed for slow setups")
    parser.add_argument("--quick", action="store_true", help="small sizes, one run: a smoke test")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.requests, args.daily_users, args.memory = 1, 3000, 1000, (500, 2000)
        args.load_seconds, args.sample = 3, 500
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install wrk (or `make bench-deps`)", file=sys.stderr)
        return 2

    env = harness.configure(
        database_url=os.environ.get("BENCH_DATABASE_URL", harness.DEFAULT_DATABASE_URL),
        queue_prefix=f"bench-{os.getpid()}.",
    )
    os.environ["CELERY_BENCH_QUEUE"] = env["CELERY_BENCH_QUEUE"] = f"bench-{os.getpid()}.celery"
    harness.migrate()
    users = harness.athletes(1000)
    report = Report()
    started = time.monotonic()
    try:
        print("Consumer throughput (WODs stored per second, failure rate 0)", flush=True)
        rates = {}
        for prefetch in PREFETCHES:
            for processes in (1, 2):
                if prefetch == 1 and processes == 2:
                    continue
                runs = [
                    consumer_rate(
                        env,
                        requests=args.requests,
                        users=users,
                        prefetch=prefetch,
                        processes=processes,
                        sample=args.sample,
                    )
                    for _ in range(args.runs)
                ]
                rates[(prefetch, processes)] = harness.median(runs)
        best = max((p for p in PREFETCHES if p > 1), key=lambda p: rates[(p, 1)])
        report.add("consume_wods, prefetch 1, 1 process", f"{rates[(1, 1)]:.0f} WODs/s")
        for prefetch in PREFETCHES[1:]:
            for processes in (1, 2):
                marker = " (best)" if prefetch == best and processes == 1 else ""
                report.add(
                    f"consume_wods, prefetch {prefetch}, {processes} process(es){marker}",
                    f"{rates[(prefetch, processes)]:.0f} WODs/s",
                )

        print("Celery peer", flush=True)
        celery = {
            prefetch: harness.median(
                [
                    celery_rate(
                        env,
                        requests=args.requests,
                        users=users,
                        prefetch=prefetch,
                        sample=args.sample,
                    )
                    for _ in range(args.runs)
                ]
            )
            for prefetch in (1, best)
        }
        for prefetch, rate in celery.items():
            report.add(f"Celery solo worker, acks_late, prefetch {prefetch}", f"{rate:.0f} WODs/s")
        report.add(
            "consume_wods (best) / Celery (same prefetch)",
            f"{rates[(best, 1)] / celery[best]:.1f}x",
        )

        print("Broker ceiling", flush=True)
        for prefetch in (1, best):
            rate = harness.median(
                [raw_pika_rate(messages=args.requests, prefetch=prefetch) for _ in range(args.runs)]
            )
            report.add(f"raw pika consume+ack, prefetch {prefetch}", f"{rate:.0f} msg/s")

        print("Publishing", flush=True)
        seconds = harness.median(
            [daily_endpoint_seconds(env, users=args.daily_users) for _ in range(args.runs)]
        )
        report.add(
            f"daily endpoint, {args.daily_users} users, call to all confirmed", f"{seconds:.2f} s"
        )
        bare, post = api_under_load(env, seconds=args.load_seconds, runs=args.runs)
        report.add(
            "bench/ping/ (bare authenticated DRF), gunicorn 4 workers, 16 clients",
            f"{bare.requests_per_second:.0f} req/s",
            f"p50 {bare.p50_ms:.1f} ms, p99 {bare.p99_ms:.1f} ms",
        )
        report.add(
            "POST /api/wods/requests/, same server, 16 clients",
            f"{post.requests_per_second:.0f} req/s",
            f"p50 {post.p50_ms:.1f} ms, p99 {post.p99_ms:.1f} ms, "
            f"{100 * post.requests_per_second / bare.requests_per_second:.0f}% of bare",
        )

        print("Memory", flush=True)
        first, last = consumer_memory(env, users=users, first=args.memory[0], last=args.memory[1])
        report.add(
            f"consume_wods RSS after {args.memory[0]} / {args.memory[1]} messages",
            f"{first:.1f} / {last:.1f} MB",
            f"{100 * (last - first) / first:+.1f}%",
        )
    finally:
        harness.clear_wods()
        harness.delete_queues()
        delete_celery_queue()
    write_results(report, args, time.monotonic() - started)
    return 0


def write_results(report: Report, args, elapsed: float) -> None:
    lines = [
        "| Measurement | Result | Detail |",
        "|---|---|---|",
        *(f"| {what} | {value} | {detail} |" for what, value, detail in report.rows),
    ]
    table = "\n".join(lines)
    header = (
        f"Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC by `make bench` "
        f"(median of {args.runs} run(s), {args.requests} queued requests, "
        f"took {elapsed / 60:.0f} min) "
        f"on {os.cpu_count()} cores, {platform.machine()}; {versions()}."
    )
    text = RESULTS.read_text() if RESULTS.exists() else ""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    block = f"{start}\n{header}\n\n{table}\n{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    else:
        text = f"# Benchmarks\n\n{block}\n"
    RESULTS.write_text(text)
    print(f"\n{header}\n\n{table}\n\nWritten to {RESULTS.relative_to(harness.ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
