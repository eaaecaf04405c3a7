"""Fixtures shared by every app's tests. What tests call by name lives in `testing/`."""

import itertools
import os
from collections.abc import Callable, Iterator

import pytest
import redis
from django.conf import settings
from django.core.management import call_command
from rest_framework.test import APIClient

from exercises.models import Exercise
from testing.broker import (
    ENABLE_MANAGEMENT_HINT,
    Broker,
    broker_unreachable,
    declare_topology,
    delete_topology,
    management_api_unreachable,
)
from testing.browser import CHROMIUM_INSTALL_HINT, chromium_path
from testing.cache import cache_settings, redis_unreachable, redis_url
from testing.clients import client_for
from testing.environment import missing
from users.models import User
from wods.broker.topology import Topology

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
    if error := broker_unreachable():
        missing(f"RabbitMQ is not reachable at {settings.AMQP_URL}: {error}")


@pytest.fixture(scope="session")
def rabbitmq_management(rabbitmq) -> None:
    """RabbitMQ's management API, the only source of unacked counts: CI fails without it."""
    if error := management_api_unreachable():
        missing(f"RabbitMQ's management API gave {error}: {ENABLE_MANAGEMENT_HINT}")


@pytest.fixture(scope="session", autouse=True)
def session_queues() -> Iterator[None]:
    """What tests publish without a `broker` of their own (a WOD request posted to the API,
    say) goes to the queues of the test settings' WOD_QUEUE_PREFIX: deleted after the run."""
    yield
    if broker_unreachable() is None:
        delete_topology(Topology.from_settings(), url=settings.AMQP_URL)


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
    declare_topology(topology, url=url)
    yield topology
    delete_topology(topology, url=url)


@pytest.fixture
def broker(topology) -> Broker:
    return Broker(topology, settings.AMQP_URL)


# Redis
# ------------------------------------------------------------------------------


@pytest.fixture
def redis_cache(settings) -> Iterator[redis.Redis]:
    """The default cache on a real Redis (CACHE_URL's, else the local one), under keys of this
    test alone, deleted afterwards; yields a client of that Redis. CI fails without it."""
    url = redis_url()
    if error := redis_unreachable(url):
        missing(f"Redis is not reachable at {url}: {error}")
    settings.CACHES = cache_settings(url)
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    client = redis.Redis.from_url(url)
    yield client
    if keys := list(client.scan_iter(match=f"{prefix}:*")):
        client.delete(*keys)
    client.close()


# Browser tests (tests/e2e)
# ------------------------------------------------------------------------------


def pytest_terminal_summary(terminalreporter) -> None:
    """Say at the end of the run, not only in a skip reason, why the browser tests skipped."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "e2e" in r.keywords]
    if skipped and chromium_path() is None:
        terminalreporter.write_line(
            f"{len(skipped)} browser (e2e) tests skipped: Chromium is missing; "
            f"{CHROMIUM_INSTALL_HINT} to run them.",
            yellow=True,
        )
