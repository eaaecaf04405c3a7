"""A consumer whose network is cut: the broker gives its unacked messages to the other
consumers, it reconnects once the link is back, and no request is lost or doubled.

The consumer under test runs in the namespace (`manage.py consume_wods`, as operators run
it); two more run on this host. All three reach the namespace's RabbitMQ node on the host's
end of the pair, and the database through files (SQLite's, or PostgreSQL's Unix socket), so
the cut takes the broker away from the one consumer and nothing else.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, transaction

from bench.cluster import ROOT, wait_for
from wods.models import Wod, WodRequest
from wods.services import wod_requests_publish
from wods.tests.factories import make_wod_request

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.chaos]

# A 2 s heartbeat timeout: the broker drops a silent connection within seconds.
HEARTBEAT_SECONDS = 2
# Bounds for what takes seconds (a heartbeat timeout, a reconnection), not speed goals.
TIMEOUT = 90


def database_url_from_anywhere() -> str:
    """This test's database, as a URL that works inside the namespace too: not over TCP to
    127.0.0.1 (that is the namespace's own loopback) but through files."""
    settings = connection.settings_dict
    if settings["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{settings['NAME']}"
    if (settings["HOST"] or "localhost") not in ("localhost", "127.0.0.1"):
        pytest.skip("The cut-network test reaches PostgreSQL by its Unix socket: a local one.")
    with connection.cursor() as cursor:
        cursor.execute("SHOW unix_socket_directories")
        socket_directory = cursor.fetchone()[0].split(",")[0].strip()
    password = quote(settings["PASSWORD"] or "", safe="")
    return (
        f"postgres://{settings['USER']}:{password}@:{settings['PORT'] or 5432}/"
        f"{settings['NAME']}?host={socket_directory}"
    )


def consumer_command(*options: str) -> list[str]:
    return [
        sys.executable, str(ROOT / "manage.py"), "consume_wods",
        "--failure-rate", "0", "--prefetch", "20", *options,
    ]  # fmt: skip


def consumer_environment(settings, amqp_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coachsite.settings.test",
        "DATABASE_URL": database_url_from_anywhere(),
        "AMQP_URL": amqp_url,
        "AMQP_HEARTBEAT_SECONDS": str(HEARTBEAT_SECONDS),
        "WOD_QUEUE_PREFIX": settings.WOD_QUEUE_PREFIX,
        "WOD_MAX_DELIVERIES": str(settings.WOD_MAX_DELIVERIES),
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }


def queued_requests(user, count: int) -> list[WodRequest]:
    requests = [make_wod_request(user=user, status=WodRequest.Status.PENDING) for _ in range(count)]
    assert wod_requests_publish(request_ids=[request.id for request in requests]) == count
    return requests


def all_done() -> bool:
    return not WodRequest.objects.exclude(status=WodRequest.Status.DONE).exists()


def stop(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=60)


def test_a_cut_off_consumer_loses_its_messages_to_the_others_and_comes_back(
    namespace, namespace_amqp, broker, settings, user, catalogue, tmp_path: Path
):
    env = consumer_environment(settings, namespace_amqp)
    logs = {name: tmp_path / f"{name}.log" for name in ("cut", "host-1", "host-2")}
    processes: dict[str, subprocess.Popen] = {}

    def start(name: str, popen=subprocess.Popen) -> None:
        with logs[name].open("w") as output:
            processes[name] = popen(
                consumer_command(), env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
            )

    def log(name: str) -> str:
        return logs[name].read_text()

    # Rows first, messages later: the consumer in the namespace must be up and idle when
    # they come, so that it takes its share and then waits on the rows the test holds.
    requests = [make_wod_request(user=user) for _ in range(60)]
    try:
        start("cut", popen=namespace.popen)
        wait_for(
            lambda: "[Consumer] Consuming" in log("cut"),
            timeout=TIMEOUT,
            what="the consumer in the namespace to start",
        )
        with transaction.atomic():
            # The consumer receives its first messages and waits in its transaction with
            # them unacked, on the rows held here. That is when its network goes.
            list(WodRequest.objects.select_for_update())
            for request in requests:
                broker.publish_request(request)
            wait_for(
                lambda: "[Consumer] Received message" in log("cut"),
                timeout=TIMEOUT,
                what="the consumer in the namespace to receive messages",
            )
            namespace.cut()
        try:
            start("host-1")
            start("host-2")
            # The broker notices the silence, and its unacked messages go to the others.
            wait_for(all_done, timeout=TIMEOUT, what="every request to be done")
            wait_for(
                lambda: (
                    broker.ready() == 0
                    and "Duplicate delivery acked" in log("host-1") + log("host-2")
                ),
                timeout=TIMEOUT,
                what="the cut-off consumer's messages to be redelivered to the others",
            )
        finally:
            namespace.restore()
        assert stop(processes.pop("host-1")) == 0
        assert stop(processes.pop("host-2")) == 0

        # Only the consumer that was cut off runs now: these are its to make.
        requests += queued_requests(user, 10)
        wait_for(all_done, timeout=TIMEOUT, what="the reconnected consumer to take new messages")
        assert stop(processes.pop("cut")) == 0
        assert "[Consumer] Broker connection lost" in log("cut")
    finally:
        for process in processes.values():
            process.kill()
            process.wait()

    assert Wod.objects.count() == len(requests)
    assert set(Wod.objects.values_list("request_id", flat=True)) == {r.id for r in requests}
    assert broker.ready() == 0
    assert broker.dead() == 0
