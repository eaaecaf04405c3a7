"""What the benchmarks and the chaos run share: a PostgreSQL database, athletes, queued
requests, child processes with the right environment, and measurements taken from the
database rather than from the processes' own say-so."""

import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/coach_bench"


def configure(*, database_url: str, queue_prefix: str) -> dict[str, str]:
    """Set this process's environment for Django, and return the one children get."""
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "WOD_QUEUE_PREFIX": queue_prefix,
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        # Throttles guard production from abuse; a load generator is not abuse.
        "THROTTLE_ANON_AUTH": "1000000/min",
        "THROTTLE_WOD_REQUESTS": "1000000/min",
        "PYTHONUNBUFFERED": "1",
    }
    os.environ.update(env)
    ensure_database(database_url)
    import django

    django.setup()
    return {**os.environ, **env}


def ensure_database(url: str) -> None:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def athletes(count: int) -> list:
    """`count` athletes with varied profiles (created once, reused across runs)."""
    from exercises.models import Equipment
    from users.models import Goal, Level, User

    existing = list(User.objects.filter(email__startswith="bench-").order_by("id")[:count])
    if len(existing) < count:
        goals, levels = list(Goal.values), list(Level.values)
        User.objects.bulk_create(
            [
                User(
                    email=f"bench-{index}@example.com",
                    password="!",
                    goal=goals[index % len(goals)],
                    level=levels[index % len(levels)],
                )
                for index in range(len(existing), count)
            ],
            batch_size=2000,
        )
        equipment = list(Equipment.objects.order_by("id"))
        through = User.equipment.through
        users = list(User.objects.filter(email__startswith="bench-").order_by("id"))
        through.objects.bulk_create(
            [
                through(user_id=user.pk, equipment_id=item.pk)
                for user in users[len(existing) :]
                for item in equipment[: 4 + user.pk % (len(equipment) - 4)]
            ],
            batch_size=5000,
            ignore_conflicts=True,
        )
        existing = users[:count]
    return existing


def clear_wods() -> None:
    from wods.models import Wod, WodRequest

    Wod.objects.all().delete()
    WodRequest.objects.all().delete()


def queue_requests(count: int, users: list) -> list:
    """`count` requests spread over `users`, published with the product's publisher."""
    from django.utils import timezone

    from wods.models import WodRequest
    from wods.services import wod_requests_publish

    today = timezone.localdate()
    requests = WodRequest.objects.bulk_create(
        [WodRequest(user=users[index % len(users)], for_date=today) for index in range(count)],
        batch_size=5000,
    )
    wod_requests_publish()
    return requests


def purge_queues() -> None:
    from wods.broker.connection import broker_connection
    from wods.broker.topology import Topology

    topology = Topology.from_settings()
    with broker_connection() as connection:
        channel = connection.channel()
        topology.declare(channel)
        channel.queue_purge(topology.queue)
        channel.queue_purge(topology.dead_letter_queue)


def delete_queues() -> None:
    from wods.broker.connection import broker_connection
    from wods.broker.topology import Topology

    topology = Topology.from_settings()
    with broker_connection() as connection:
        channel = connection.channel()
        for queue in (topology.queue, topology.dead_letter_queue):
            channel.queue_delete(queue)
        for exchange in (topology.exchange, topology.dead_letter_exchange):
            channel.exchange_delete(exchange)


def wod_count() -> int:
    from wods.models import Wod

    return Wod.objects.count()


def steady_rate() -> float:
    """WODs stored per second between the first and the last one: start-up excluded."""
    from django.db.models import Count, Max, Min

    from wods.models import Wod

    stats = Wod.objects.aggregate(
        count=Count("id"), first=Min("created_at"), last=Max("created_at")
    )
    if stats["count"] < 2:
        return 0.0
    return (stats["count"] - 1) / (stats["last"] - stats["first"]).total_seconds()


def manage(*args: str, env: dict[str, str], **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, **popen
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def start_gunicorn(env: dict[str, str], *, workers: int, **popen) -> tuple[subprocess.Popen, str]:
    """The production WSGI stack (bench settings) on a free local port; returns its base URL."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        **popen,
    )
    if not wait_until(lambda: port_open(port), timeout=30):
        server.kill()
        raise RuntimeError("gunicorn did not start")
    return server, f"http://127.0.0.1:{port}"


def wait_until(condition: Callable[[], bool], *, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def rss_megabytes(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def median(values: list[float]) -> float:
    return statistics.median(values)
