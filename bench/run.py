"""`make bench`: consumer throughput on real histories against a Celery peer and the broker's
ceiling, the daily run for a million athletes, the API under load, and consumer memory.
Medians of several runs, written to docs/BENCHMARKS.md with the issue's targets.

    python -m bench.run [--runs 3] [--requests 20000] [--daily-users 1000000] [--quick]

Every athlete of the consumer runs has 30 days of WODs behind them (made once per database,
then kept), so the generator reads real histories, as it does in production.
"""

import argparse
import datetime
import itertools
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
from pathlib import Path

from bench import harness

RESULTS = harness.ROOT / "docs" / "BENCHMARKS.md"
PREFETCHES = (1, 100, 250, 500)


HISTORY_ATHLETES = 2000
HISTORY_DAYS = 30


@dataclass
class Report:
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(
        self, what: str, value: str, detail: str = "", *, target: str = "", met: bool | None = None
    ) -> None:
        verdict = "" if met is None else (" (met)" if met else " (**missed**)")
        self.rows.append((what, value, detail, f"{target}{verdict}" if target else ""))
        print(f"  {what}: {value} {detail} {target}{verdict}", flush=True)


def generator_microseconds(*, days: int = 100, runs: int = 3) -> float:
    """Microseconds per WOD of the pure generator on the active catalogue: seasons of `days`
    for every goal x level x the audit's equipment profiles, each WOD fed back as history
    (the median of `runs` passes)."""
    from coaching.athlete import AthleteProfile
    from coaching.generator import WodGenerator
    from coaching.season import AUDIT_PROFILES, season_generate
    from coaching.vocabulary import Goal, Level
    from wods.selectors import wod_catalogue

    generator = WodGenerator(wod_catalogue())
    everything = frozenset().union(*(row.equipment for row in generator.catalogue))
    profiles = [
        AthleteProfile(goal=goal, level=level, equipment=everything if owned is None else owned)
        for owned in AUDIT_PROFILES.values()
        for goal in Goal
        for level in Level
    ]
    passes = []
    for seed in range(runs):
        started = time.perf_counter()
        for profile in profiles:
            season_generate(generator=generator, profile=profile, days=days, seed=seed)
        passes.append((time.perf_counter() - started) / (len(profiles) * days) * 1e6)
    return harness.median(passes)


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


def consumer_start_to_exit(
    env, *, requests: int, users, prefetch: int, log_level: str, profile: Path | None = None
) -> float:
    """WODs per second from `consume_wods --max-messages N`'s start to its exit, as an
    operator times it: start-up, the publishing of pending requests and every batch included.
    Its log goes to a file, as a container's goes to a pipe. With `profile`, py-spy samples
    the process and writes a flame graph there (the rate is then lower)."""
    harness.clear_wods()
    harness.purge_queues()
    harness.queue_requests(requests, users)
    command = [
        sys.executable,
        str(harness.ROOT / "manage.py"),
        "consume_wods",
        "--failure-rate",
        "0",
        "--prefetch",
        str(prefetch),
        "--max-messages",
        str(requests),
    ]
    if profile is not None:
        py_spy = str(Path(sys.executable).parent / "py-spy")
        command = [py_spy, "record", "--rate", "200", "--output", str(profile), "--", *command]
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        consumer = subprocess.Popen(
            command,
            env={**env, "LOG_LEVEL": log_level},
            cwd=harness.ROOT,
            stdout=log,
            stderr=log,
        )
        if consumer.wait(timeout=1800) != 0:
            raise RuntimeError(f"consume_wods exited with {consumer.returncode}")
        elapsed = time.perf_counter() - started
    return requests / elapsed


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
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            # A warm shutdown finishes what it holds; at a large prefetch that outlasts any
            # sensible wait, and the next run must not clear rows while it still writes them.
            worker.kill()
            worker.wait()
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


@dataclass
class DailyRun:
    seconds: float  # the cron job's start to its exit: every page enqueued and confirmed
    longest_call: float  # seconds, the longest gap between two of its page lines
    pages: int
    web_mb: float  # the largest RSS of a gunicorn worker meanwhile
    cron_mb: float  # the cron job's largest RSS


def daily_run(env, *, athletes: int) -> DailyRun:
    """The daily job as cron runs it (`wods.cron.daily_wods`), against gunicorn, for every
    athlete of the database; the queue must hold them all (WOD_QUEUE_MAX_LENGTH).

    Every athlete is due whatever the hour the benchmark runs at (WOD_DAILY_LOCAL_HOUR=0): an
    hourly run in production serves the zones whose day has begun, a share of them."""
    harness.clear_wods()
    harness.purge_queues()
    account = harness.service_account()
    server, base = harness.start_gunicorn(
        {**env, **account, "WOD_DAILY_LOCAL_HOUR": "0"}, workers=2
    )
    peaks = {"web": 0.0, "cron": 0.0}
    try:
        with tempfile.NamedTemporaryFile("w+", suffix=".log") as log:
            started = time.perf_counter()
            cron = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "import django; django.setup(); from wods.cron import daily_wods; daily_wods()",
                ],
                env={**env, **account, "COACH_API_URL": base, "LOG_LEVEL": "INFO"},
                cwd=harness.ROOT,
                stdout=log,
                stderr=log,
            )
            while cron.poll() is None:
                peaks["cron"] = max(peaks["cron"], harness.rss_megabytes(cron.pid))
                for worker in harness.children(server.pid):
                    peaks["web"] = max(peaks["web"], harness.rss_megabytes(worker))
                time.sleep(0.2)
            seconds = time.perf_counter() - started
            log.seek(0)
            lines = log.read().splitlines()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    if cron.returncode != 0:
        raise RuntimeError("the daily job failed:\n" + "\n".join(lines[-20:]))
    stamps = [
        datetime.datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f")
        for line in lines
        if ", page " in line and "[Cron] Daily WODs as of" in line
    ]
    gaps = [(later - earlier).total_seconds() for earlier, later in itertools.pairwise(stamps)]
    queued = harness.queued_count()
    if queued != athletes:
        raise RuntimeError(f"{queued} of {athletes} daily requests queued")
    return DailyRun(seconds, max(gaps, default=seconds), len(stamps), peaks["web"], peaks["cron"])


def drain_seconds(env, *, messages: int, processes: int) -> float:
    """Time for `processes` consumers to store a WOD for every queued message."""
    started = time.perf_counter()
    consumers = [
        harness.manage("consume_wods", "--failure-rate", "0", "--idle-exit", "5", env=env)
        for _ in range(processes)
    ]
    try:
        harness.wait_until(lambda: harness.wod_count() >= messages, timeout=7200, interval=1)
        seconds = time.perf_counter() - started
    finally:
        for consumer in consumers:
            consumer.wait(timeout=600)
    if harness.wod_count() < messages:
        raise RuntimeError(f"{harness.wod_count()} of {messages} WODs stored")
    return seconds


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
    parser.add_argument("--daily-users", type=int, default=1_000_000)
    parser.add_argument("--daily-runs", type=int, default=None, help="default: --runs")
    parser.add_argument("--memory", type=int, nargs=2, default=(5_000, 50_000))
    parser.add_argument("--load-seconds", type=int, default=10)
    parser.add_argument("--sample", type=int, default=1500, help="WODs timed for slow setups")
    parser.add_argument("--quick", action="store_true", help="small sizes, one run: a smoke test")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="SVG",
        help="also profile one consume_wods run with py-spy, as a flame graph written to SVG",
    )
    args = parser.parse_args()
    if args.quick:
        args.runs, args.requests, args.daily_users, args.memory = 1, 3000, 20_000, (500, 2000)
        args.load_seconds, args.sample = 3, 500
    daily_runs = args.daily_runs or args.runs
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install wrk (or `make bench-deps`)", file=sys.stderr)
        return 2

    env = harness.configure(
        database_url=os.environ.get("BENCH_DATABASE_URL", harness.DEFAULT_DATABASE_URL),
        queue_prefix=f"bench-{os.getpid()}.",
    )
    os.environ["CELERY_BENCH_QUEUE"] = env["CELERY_BENCH_QUEUE"] = f"bench-{os.getpid()}.celery"
    harness.migrate()
    print(f"Athletes and their {HISTORY_DAYS} days of history", flush=True)
    users = harness.athletes(HISTORY_ATHLETES)
    harness.histories(users, days=HISTORY_DAYS)
    report = Report()
    started = time.monotonic()
    try:
        print("The generator alone", flush=True)
        microseconds = generator_microseconds(runs=args.runs)
        report.add(
            "generator: one WOD, pure Python (seasons for every goal x level x 4 equipment "
            "profiles, history fed back)",
            f"{microseconds:.0f} µs",
            "median of the runs",
            target="≤ 250 µs",
            met=microseconds <= 250,
        )
        print("Consumer throughput on real histories (WODs stored per second, failure rate 0)")
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
                marker = prefetch == best and processes == 1
                report.add(
                    f"consume_wods, prefetch {prefetch}, {processes} process(es)"
                    + (" (best)" if marker else ""),
                    f"{rates[(prefetch, processes)]:.0f} WODs/s",
                    "steady: first to last WOD",
                    target="≥ 1,500 WODs/s" if marker else "",
                    met=rates[(prefetch, processes)] >= 1500 if marker else None,
                )
        for log_level, label in (("INFO", "default logging"), ("WARNING", "LOG_LEVEL=WARNING")):
            rate = harness.median(
                [
                    consumer_start_to_exit(
                        env,
                        requests=args.requests,
                        users=users,
                        prefetch=best,
                        log_level=log_level,
                    )
                    for _ in range(args.runs)
                ]
            )
            report.add(
                f"consume_wods --max-messages {args.requests}, prefetch {best}, {label}",
                f"{rate:.0f} WODs/s",
                "process start to exit",
                target="≥ 1,200 WODs/s",
                met=rate >= 1200,
            )

        if args.profile:
            consumer_start_to_exit(
                env,
                requests=args.requests,
                users=users,
                prefetch=best,
                log_level="WARNING",
                profile=args.profile,
            )
            print(f"  py-spy's flame graph of consume_wods: {args.profile}", flush=True)

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
        ratio = rates[(best, 1)] / celery[best]
        report.add(
            "consume_wods (best) / Celery (same prefetch)",
            f"{ratio:.1f}x",
            target="≥ 10x",
            met=ratio >= 10,
        )

        print("Broker ceiling", flush=True)
        for prefetch in (1, best):
            rate = harness.median(
                [raw_pika_rate(messages=args.requests, prefetch=prefetch) for _ in range(args.runs)]
            )
            report.add(f"raw pika consume+ack, prefetch {prefetch}", f"{rate:.0f} msg/s")

        print("The API under load", flush=True)
        bare, post = api_under_load(env, seconds=args.load_seconds, runs=args.runs)
        report.add(
            "bench/ping/ (bare authenticated DRF), gunicorn 4 workers, 16 clients",
            f"{bare.requests_per_second:.0f} req/s",
            f"p50 {bare.p50_ms:.1f} ms, p99 {bare.p99_ms:.1f} ms",
        )
        share = 100 * post.requests_per_second / bare.requests_per_second
        report.add(
            "POST /api/wods/requests/, same server, 16 clients (throttles in Redis)",
            f"{post.requests_per_second:.0f} req/s",
            f"p50 {post.p50_ms:.1f} ms, p99 {post.p99_ms:.1f} ms, {share:.0f}% of bare",
            target="≥ 40% of bare, p99 ≤ 100 ms",
            met=share >= 40 and post.p99_ms <= 100,
        )

        print("Memory", flush=True)
        first, last = consumer_memory(env, users=users, first=args.memory[0], last=args.memory[1])
        growth = 100 * (last - first) / first
        report.add(
            f"consume_wods RSS after {args.memory[0]} / {args.memory[1]} messages",
            f"{first:.1f} / {last:.1f} MB",
            f"{growth:+.1f}%",
            target="within ±10%",
            met=abs(growth) <= 10,
        )

        print(f"The daily run for {args.daily_users} athletes", flush=True)
        harness.population(args.daily_users)
        runs = [daily_run(env, athletes=args.daily_users) for _ in range(daily_runs)]
        seconds = harness.median([run.seconds for run in runs])
        report.add(
            f"daily run, {args.daily_users} athletes: cron job start to every page confirmed",
            f"{seconds:.0f} s",
            f"{runs[0].pages} pages of {harness.page_size()} users, gunicorn 2 workers",
            target="≤ 120 s",
            met=seconds <= 120,
        )
        longest = max(run.longest_call for run in runs)
        report.add("daily run, longest call", f"{longest:.2f} s", target="≤ 5 s", met=longest <= 5)
        web, cron = max(run.web_mb for run in runs), max(run.cron_mb for run in runs)
        report.add(
            "daily run, largest RSS: gunicorn worker / cron job",
            f"{web:.0f} / {cron:.0f} MB",
            target="≤ 300 MB each",
            met=max(web, cron) <= 300,
        )
        drain = drain_seconds(env, messages=args.daily_users, processes=2)
        report.add(
            f"2 consume_wods processes drain the {args.daily_users} daily requests",
            f"{drain:.0f} s",
            f"{args.daily_users / drain:.0f} WODs/s, prefetch {harness.default_prefetch()}",
        )
    finally:
        harness.clear_wods()
        harness.delete_queues()
        delete_celery_queue()
    write_results(report, args, time.monotonic() - started)
    return 0


def write_results(report: Report, args, elapsed: float) -> None:
    lines = [
        "| Measurement | Result | Detail | Target |",
        "|---|---|---|---|",
        *(
            f"| {what} | {value} | {detail} | {target} |"
            for what, value, detail, target in report.rows
        ),
    ]
    table = "\n".join(lines)
    header = (
        f"Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC by `make bench` "
        f"(median of {args.runs} run(s), {args.requests} queued requests over "
        f"{HISTORY_ATHLETES} athletes with {HISTORY_DAYS} days of history, "
        f"took {elapsed / 60:.0f} min, load average {os.getloadavg()[0]:.1f} at the end) "
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
