"""Fixtures shared by every app's tests."""

import itertools
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pika
import pika.exceptions
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from prometheus_client.parser import text_string_to_metric_families
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from exercises.models import Exercise
from users.models import User
from wods.messaging.consumer import WodConsumer
from wods.messaging.messages import WodMessage
from wods.messaging.topology import Topology, connection_parameters

BASE_DIR = Path(__file__).resolve().parent
_topology_numbers = itertools.count(1)


# Users and clients
# ------------------------------------------------------------------------------


@pytest.fixture
def make_user(db) -> Callable[..., User]:
    numbers = itertools.count(1)

    def make(**fields) -> User:
        fields.setdefault("email", f"athlete{next(numbers)}@example.com")
        password = fields.pop("password", "correct-horse-battery")
        return User.objects.create_user(password=password, **fields)

    return make


@pytest.fixture
def user(make_user) -> User:
    return make_user(email="ana@example.com")


@pytest.fixture
def other_user(make_user) -> User:
    return make_user(email="bo@example.com")


@pytest.fixture
def staff_user(make_user) -> User:
    return make_user(email="coach@example.com", is_staff=True)


@pytest.fixture
def anonymous_client() -> APIClient:
    return APIClient()


def client_for(user: User) -> APIClient:
    """An API client that authenticates the way real clients do: a JWT bearer token."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


@pytest.fixture
def api_client(user) -> APIClient:
    return client_for(user)


@pytest.fixture
def other_client(other_user) -> APIClient:
    return client_for(other_user)


@pytest.fixture
def staff_client(staff_user) -> APIClient:
    return client_for(staff_user)


@pytest.fixture
def catalogue(db) -> None:
    """The shipped catalogue; transactional tests flush what the data migration loaded."""
    if not Exercise.objects.exists():
        call_command("load_catalogue", stdout=open(os.devnull, "w"))  # noqa: SIM115


# RabbitMQ
# ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def rabbitmq() -> None:
    """RabbitMQ must be there: CI fails without it, a laptop skips with one line."""
    try:
        pika.BlockingConnection(connection_parameters()).close()
    except pika.exceptions.AMQPError as error:
        message = f"RabbitMQ is not reachable at {settings.AMQP_URL}: {error!r}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def max_deliveries() -> int:
    """The queue's delivery bound; a test overrides it with `parametrize("max_deliveries", ...)`."""
    return 5


@pytest.fixture
def topology(rabbitmq, settings, max_deliveries) -> Iterator[Topology]:
    """Exchanges and queues of this test alone, deleted afterwards."""
    settings.WOD_QUEUE_PREFIX = f"test-{os.getpid()}-{next(_topology_numbers)}."
    settings.WOD_MAX_DELIVERIES = max_deliveries
    topology = Topology.from_settings()
    url = settings.AMQP_URL  # a test may point AMQP_URL elsewhere; clean up here regardless
    connection = pika.BlockingConnection(connection_parameters(url=url))
    topology.declare(connection.channel())
    connection.close()
    yield topology
    connection = pika.BlockingConnection(connection_parameters(url=url))
    channel = connection.channel()
    for queue in (topology.queue, topology.dead_letter_queue):
        channel.queue_delete(queue)
    for exchange in (topology.exchange, topology.dead_letter_exchange):
        channel.exchange_delete(exchange)
    connection.close()


class Broker:
    """A test's view of its queues: counts, raw publishing and draining, through real AMQP."""

    def __init__(self, topology: Topology, url: str) -> None:
        self.topology = topology
        self.url = url

    @contextmanager
    def channel(self):
        connection = pika.BlockingConnection(connection_parameters(url=self.url))
        try:
            yield connection.channel()
        finally:
            connection.close()

    def count(self, queue: str) -> int:
        with self.channel() as channel:
            return channel.queue_declare(queue, passive=True).method.message_count

    def ready(self) -> int:
        return self.count(self.topology.queue)

    def dead(self) -> int:
        return self.count(self.topology.dead_letter_queue)

    def publish_raw(self, body: bytes, **properties) -> None:
        with self.channel() as channel:
            channel.confirm_delivery()
            channel.basic_publish(
                exchange=self.topology.exchange,
                routing_key="generate",
                body=body,
                properties=pika.BasicProperties(delivery_mode=2, **properties),
                mandatory=True,
            )

    def publish_request(self, request) -> None:
        """Publish a request's message as the publisher does, without touching its row."""
        message = WodMessage(
            request_id=request.id, user_email=request.user.email, for_date=request.for_date
        )
        self.publish_raw(
            message.encode(), content_type="application/json", message_id=str(request.id)
        )

    def get_dead(self) -> list[tuple[pika.BasicProperties, bytes]]:
        """Take every message out of the dead-letter queue."""
        messages = []
        with self.channel() as channel:
            while True:
                method, properties, body = channel.basic_get(self.topology.dead_letter_queue)
                if method is None:
                    return messages
                channel.basic_ack(method.delivery_tag)
                messages.append((properties, body))


@pytest.fixture
def broker(topology) -> Broker:
    return Broker(topology, settings.AMQP_URL)


def run_consumer(**options) -> WodConsumer:
    """Run a consumer in this process until it is idle (or has handled `max_messages`)."""
    options.setdefault("prefetch", 10)
    options.setdefault("failure_rate", 0.0)
    options.setdefault("idle_exit", 1)
    consumer = WodConsumer(**options)
    consumer.run()
    return consumer


@contextmanager
def consumer_in_thread(**options) -> Iterator[WodConsumer]:
    options.setdefault("prefetch", 10)
    options.setdefault("failure_rate", 0.0)
    consumer = WodConsumer(**options)
    thread = threading.Thread(target=consumer.run, daemon=True)
    thread.start()
    try:
        yield consumer
    finally:
        consumer.stop()
        thread.join(timeout=30)


def subprocess_env() -> dict[str, str]:
    """The environment for a `manage.py` child that shares this test's database and queues."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        url = f"sqlite:///{db['NAME']}"
    else:
        password = db["PASSWORD"] or ""
        host = db["HOST"] or "localhost"
        url = f"postgres://{db['USER']}:{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coachsite.settings.test",
        "DATABASE_URL": url,
        "WOD_QUEUE_PREFIX": settings.WOD_QUEUE_PREFIX,
        "WOD_MAX_DELIVERIES": str(settings.WOD_MAX_DELIVERIES),
        "PYTHONUNBUFFERED": "1",
    }


def start_manage(*args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env=subprocess_env(),
        cwd=BASE_DIR,
        **popen,
    )


# Browser tests (tests/e2e)
# ------------------------------------------------------------------------------

CHROMIUM_INSTALL_HINT = "install it with `sudo apt-get install chromium` (Debian/Ubuntu)"


def chromium_path() -> str | None:
    """Debian's chromium, which the e2e tests drive (no browser is downloaded for them)."""
    return shutil.which("chromium")


def pytest_terminal_summary(terminalreporter) -> None:
    """Say at the end of the run, not only in a skip reason, why the browser tests skipped."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "e2e" in r.keywords]
    if skipped and chromium_path() is None:
        terminalreporter.write_line(
            f"{len(skipped)} browser (e2e) tests skipped: Chromium is missing; "
            f"{CHROMIUM_INSTALL_HINT} to run them.",
            yellow=True,
        )


# Metrics and ports
# ------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port nobody listens on right now, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def parse_metrics(text: str) -> dict[tuple[str, frozenset], float]:
    """Prometheus exposition text -> {(sample name, frozenset of label pairs): value}."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def metric(samples: dict[tuple[str, frozenset], float], name: str, **labels) -> float | None:
    return samples.get((name, frozenset(labels.items())))


def http_get(url: str, *, token: str | None = None) -> tuple[int, str]:
    """GET `url` (with a bearer token if given) -> (status, body); status 0: no answer."""
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError as error:  # refused, reset, timed out
        return 0, repr(error)


def wait_until(
    condition: Callable[[], bool], *, timeout: float = 30, details: Callable[[], str] = str
) -> None:
    """Poll `condition` until it holds; fail after `timeout` seconds, saying `details()`."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"not reached within {timeout}s\n{details()}"
        time.sleep(0.2)
