"""`manage.py consume_wods` as operators run it: a real process, real signals."""

import ast
import signal
import socket
import subprocess
import threading
import time
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction

from testing.consumers import run_consumer
from testing.probes import http_get, metric, parse_metrics, wait_until
from testing.processes import free_port, start_manage
from wods.models import Wod, WodRequest
from wods.services import wod_requests_publish
from wods.tests.factories import make_wod_request

pytestmark = pytest.mark.django_db(transaction=True)


class OutputWatcher:
    """Reads a child's output in the background so a test can wait for a line."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()

    def wait_for(self, text: str, *, count: int = 1, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while sum(text in line for line in self.lines) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no {text!r} within {timeout}s:\n{''.join(self.lines)}")
                self._changed.wait(remaining)

    @property
    def text(self) -> str:
        with self._changed:
            return "".join(self.lines)


def start_consumer(*args: str) -> tuple[subprocess.Popen, OutputWatcher]:
    process = start_manage(
        "consume_wods",
        "--failure-rate",
        "0",
        *args,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return process, OutputWatcher(process)


def queued_requests(user, count: int) -> list[WodRequest]:
    requests = [make_wod_request(user=user, status=WodRequest.Status.PENDING) for _ in range(count)]
    wod_requests_publish(request_ids=[request.id for request in requests])
    return requests


def test_a_consumer_killed_while_holding_a_message_loses_nothing(user, broker, catalogue):
    request = make_wod_request(user=user)
    process, output = start_consumer("--prefetch", "1")
    output.wait_for("[Consumer] Consuming")
    with transaction.atomic():
        # Holding the request's row makes the consumer wait inside its transaction, with the
        # message received and not yet acked: that is when it dies.
        WodRequest.objects.select_for_update().get(pk=request.pk)
        broker.publish_request(request)
        output.wait_for("[Consumer] Received message")
        process.kill()
        process.wait(timeout=10)

    consumer = run_consumer(max_messages=1)

    request.refresh_from_db()
    assert request.status == WodRequest.Status.DONE
    assert Wod.objects.filter(request=request).count() == 1
    assert consumer.stats.counts["done"] == 1
    assert broker.ready() == 0


def test_sigterm_stops_the_consumer_cleanly_and_loses_no_message(user, broker, catalogue):
    requests = queued_requests(user, 60)
    process, output = start_consumer("--prefetch", "5")
    output.wait_for("stored for request_id", count=3)

    process.send_signal(signal.SIGTERM)

    assert process.wait(timeout=30) == 0
    assert "[Consumer] Stopped after" in output.text
    done = WodRequest.objects.filter(status=WodRequest.Status.DONE).count()
    assert Wod.objects.count() == done
    assert done + broker.ready() == len(requests)

    run_consumer(max_messages=len(requests) - done)

    assert Wod.objects.count() == len(requests)
    assert not WodRequest.objects.exclude(status=WodRequest.Status.DONE).exists()


def test_two_consumers_share_the_queue_and_make_one_wod_per_request(user, broker, catalogue):
    first, first_output = start_consumer("--prefetch", "5")
    second, second_output = start_consumer("--prefetch", "5")
    # Both are subscribed before the messages arrive, so RabbitMQ spreads them between both.
    first_output.wait_for("[Consumer] Consuming")
    second_output.wait_for("[Consumer] Consuming")
    requests = queued_requests(user, 100)

    wait_until(lambda: Wod.objects.count() >= len(requests), timeout=60)
    for process in (first, second):
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0

    assert Wod.objects.count() == len(requests)
    assert "stored for request_id" in first_output.text
    assert "stored for request_id" in second_output.text


def test_max_messages_makes_the_command_exit_after_that_many(user, broker, catalogue):
    queued_requests(user, 5)
    out = StringIO()

    call_command("consume_wods", "--max-messages", "3", "--failure-rate", "0", stdout=out)

    assert "Handled 3 messages" in out.getvalue()
    assert Wod.objects.count() == 3
    assert broker.ready() == 2


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--prefetch", "0", "--prefetch must be at least 1"),
        ("--failure-rate", "1.5", "--failure-rate must be between 0 and 1"),
        ("--max-messages", "0", "--max-messages must be at least 1"),
        ("--idle-exit", "-1", "--idle-exit must be a positive number"),
        ("--metrics-port", "-1", "--metrics-port must be between 0"),
        ("--metrics-port", "65536", "--metrics-port must be between 0"),
    ],
)
def test_bad_options_are_a_command_error(option, value, message):
    with pytest.raises(CommandError, match=message):
        call_command("consume_wods", option, value, stdout=StringIO())


def test_queues_declared_with_other_arguments_are_a_command_error(broker, settings):
    settings.WOD_MAX_DELIVERIES = 9

    with pytest.raises(CommandError, match="PRECONDITION_FAILED"):
        call_command("consume_wods", "--idle-exit", "1", stdout=StringIO())


def test_a_metrics_port_already_in_use_is_a_command_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        with pytest.raises(CommandError, match=f"Cannot serve metrics on 127.0.0.1:{port}"):
            call_command("consume_wods", "--metrics-port", str(port), stdout=StringIO())


@pytest.mark.parametrize("max_deliveries", [2])
def test_the_metrics_endpoint_counts_what_the_consumer_did(user, broker, catalogue):
    """Retries and dead letters at a 50% failure rate, and a malformed message: the served
    counters match the consumer's own tally and what the database recorded."""
    requests = queued_requests(user, 40)
    broker.publish_raw(b"not json", content_type="application/json", message_id="hostile")
    port = free_port()
    process, output = start_consumer(
        "--failure-rate", "0.5", "--prefetch", "5", "--metrics-port", str(port)
    )
    try:
        output.wait_for("[Consumer] Metrics on")
        wait_until(
            lambda: (
                not WodRequest.objects.exclude(status__in=["done", "dead"]).exists()
                and broker.ready() == 0
                # every dead request's message, and the malformed one, reached wods.dead
                and broker.dead() == WodRequest.objects.filter(status="dead").count() + 1
            ),
            timeout=60,
            details=lambda: output.text,
        )
        status, text = http_get(f"http://127.0.0.1:{port}/metrics", token=settings.METRICS_TOKEN)
        health = http_get(f"http://127.0.0.1:{port}/healthz")
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    tally = ast.literal_eval(output.text.split("messages: ")[-1].strip())
    assert status == 200
    samples = parse_metrics(text)

    served = {
        outcome: metric(samples, "coach_wod_messages_total", outcome=outcome) for outcome in tally
    }
    assert served == tally
    done = WodRequest.objects.filter(status="done")
    dead = WodRequest.objects.filter(status="dead")
    attempts = sum(WodRequest.objects.values_list("attempts", flat=True))
    assert tally["done"] == done.count() > 0
    assert tally["dead_lettered"] == dead.count() > 0
    assert tally["retried"] == attempts - len(requests) > 0
    assert tally["malformed"] == 1
    assert tally["duplicate"] == 0
    assert metric(samples, "coach_wod_deliveries_at_success_count") == done.count()
    assert metric(samples, "coach_wod_deliveries_at_success_sum") == sum(
        done.values_list("attempts", flat=True)
    )
    assert metric(samples, "coach_wod_deliveries_at_success_bucket", le="2.0") == done.count()
    assert metric(samples, "coach_wod_batch_duration_seconds_count") >= 1
    assert metric(samples, "coach_wod_messages_in_progress") == 0
    assert metric(samples, "coach_wod_last_success_timestamp_seconds") > 0
    assert health == (200, "ok\n")
