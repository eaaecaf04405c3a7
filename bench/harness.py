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
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/0"


def configure(*, database_url: str, queue_prefix: str) -> dict[str, str]:
    """Set this process's environment for Django, and return the one children get."""
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "WOD_QUEUE_PREFIX": queue_prefix,
        # Production's cache: the throttles count in Redis, under this run's own keys.
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", DEFAULT_CACHE_URL)
        + f"?key_prefix={queue_prefix.rstrip('.')}",
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


def histories(users: list, *, days: int) -> None:
    """`days` daily WODs behind each athlete, as the days before would have left them.

    Day by day, oldest first: a daily request for every athlete, bulk-inserted, then fulfilled
    by the consumer's own service in batches (so each day's WODs are generated from the days
    before them, as in production, without the broker in between). Kept from run to run: only
    missing days are made.
    """
    import datetime

    from django.utils import timezone

    from wods.broker.messages import WodMessage
    from wods.models import WodRequest
    from wods.services import wod_requests_fulfil

    today = timezone.localdate()
    emails = {user.pk: user.email for user in users}
    for back in range(days, 0, -1):
        day = today - datetime.timedelta(days=back)
        done = set(
            WodRequest.objects.filter(
                for_date=day, user_id__in=emails, status=WodRequest.Status.DONE
            ).values_list("user_id", flat=True)
        )
        WodRequest.objects.filter(for_date=day, user_id__in=emails).exclude(
            status=WodRequest.Status.DONE
        ).delete()
        requests = WodRequest.objects.bulk_create(
            [
                WodRequest(user_id=user_id, for_date=day, source=WodRequest.Source.DAILY)
                for user_id in emails
                if user_id not in done
            ],
            batch_size=5000,
        )
        for start in range(0, len(requests), 500):
            batch = requests[start : start + 500]
            wod_requests_fulfil(
                messages=[
                    WodMessage(request_id=r.id, user_email=emails[r.user_id], for_date=day)
                    for r in batch
                ],
                attempts=[1] * len(batch),
            )
        if requests:
            print(f"  history: {len(requests)} WODs for {day}", flush=True)


DAILY_EMAIL_DOMAIN = "daily.bench.example"
SERVICE_EMAIL = "cron@bench.example"


def daily_athletes() -> int:
    """The athletes a daily run serves: active users but the service account."""
    from users.models import User

    return User.objects.filter(is_active=True).exclude(email=SERVICE_EMAIL).count()


def service_account() -> dict[str, str]:
    """The daily job's account, as `create_service_account` makes it; its variables."""
    import secrets

    from django.core.management import call_command
    from django.test import override_settings

    password = secrets.token_urlsafe(24)
    with override_settings(COACH_SERVICE_EMAIL=SERVICE_EMAIL, COACH_SERVICE_PASSWORD=password):
        call_command("create_service_account", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return {"COACH_SERVICE_EMAIL": SERVICE_EMAIL, "COACH_SERVICE_PASSWORD": password}


def population(total: int) -> None:
    """Exactly `total` athletes for the daily run: the consumer benchmarks' ones, and as many
    more as needed, made in bulk with COPY (varied goals, levels and equipment) and kept from
    run to run; those beyond `total` are made inactive, so the daily run skips them."""
    from django.db import connection

    from coachsite.bulk import bulk_insert
    from exercises.models import Equipment
    from users.models import Goal, Level, User

    made = User.objects.filter(email__endswith=f"@{DAILY_EMAIL_DOMAIN}")
    others = daily_athletes() - made.filter(is_active=True).count()
    wanted = max(total - others, 0)
    goals, levels = list(Goal.values), list(Level.values)
    equipment = list(Equipment.objects.order_by("id").values_list("id", flat=True))
    start = made.count()
    for chunk in range(start, wanted, 100_000):
        numbers = range(chunk, min(chunk + 100_000, wanted))
        bulk_insert(
            User,
            [
                {
                    "email": f"athlete-{number}@{DAILY_EMAIL_DOMAIN}",
                    "password": "!",
                    "goal": goals[number % len(goals)],
                    "level": levels[number % len(levels)],
                }
                for number in numbers
            ],
        )
        with connection.cursor() as cursor:
            # Two to five pieces of equipment each.
            cursor.execute(
                "INSERT INTO users_user_equipment (user_id, equipment_id) "
                "SELECT u.id, e.id FROM users_user u JOIN unnest(%s::bigint[]) "
                "WITH ORDINALITY AS e(id, position) ON e.position <= 2 + u.id %% 4 "
                "WHERE u.email LIKE %s AND u.id > COALESCE((SELECT max(user_id) "
                "FROM users_user_equipment), 0)",
                [equipment, f"%@{DAILY_EMAIL_DOMAIN}"],
            )
        print(f"  population: {numbers.stop} of {wanted} athletes made", flush=True)
    beyond = list(made.order_by("id").values_list("id", flat=True)[wanted : wanted + 1])
    served = made if not beyond else made.filter(id__lt=beyond[0])
    served.filter(is_active=False).update(is_active=True)
    if beyond:
        made.filter(id__gte=beyond[0], is_active=True).update(is_active=False)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE users_user, users_user_equipment")


def clear_wods() -> None:
    """Remove what the runs made (today's requests and WODs); the histories stay.

    In SQL: the ORM would load every row it deletes, a million of them after the daily run.
    """
    from django.db import connection
    from django.utils import timezone

    today = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM wod_exercises WHERE wod_id IN (SELECT id FROM wods WHERE for_date >= %s)",
            [today],
        )
        cursor.execute("DELETE FROM wods WHERE for_date >= %s", [today])
        cursor.execute("DELETE FROM wods_wodrequest WHERE for_date >= %s", [today])


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


def queued_count() -> int:
    from wods.models import WodRequest

    return WodRequest.objects.filter(status=WodRequest.Status.QUEUED).count()


def page_size() -> int:
    from django.conf import settings

    return settings.WOD_DAILY_PAGE_SIZE


def default_prefetch() -> int:
    from django.conf import settings

    return settings.WOD_PREFETCH


def todays_wods():
    from django.utils import timezone

    from wods.models import Wod

    return Wod.objects.filter(for_date__gte=timezone.localdate())


def wod_count() -> int:
    """WODs the runs made (the histories left out)."""
    return todays_wods().count()


def steady_rate() -> float:
    """WODs stored per second between the first and the last one: start-up excluded."""
    from django.db.models import Count, Max, Min

    stats = todays_wods().aggregate(
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


def children(pid: int) -> list[int]:
    """The processes `pid` started (gunicorn's workers, say)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def rss_megabytes(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def median(values: list[float]) -> float:
    return statistics.median(values)
