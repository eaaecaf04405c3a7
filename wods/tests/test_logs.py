"""A WOD request's id on every log line about it, API to consumer, in plain text and JSON."""

import io
import json
import logging
import re
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from coachsite.logs import RequestIdFilter
from testing.consumers import run_consumer
from testing.processes import start_manage
from wods.models import Wod, WodRequest
from wods.services import wod_requests_publish
from wods.tests.factories import make_wod_request


@contextmanager
def root_log(log_format: str) -> Iterator[io.StringIO]:
    """What the root logger writes through one of the settings' formatters and the filter."""
    config = dict(settings.LOGGING["formatters"][log_format])
    formatter = import_string(config.pop("()"))(**config)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    logging.getLogger().addHandler(handler)
    try:
        yield stream
    finally:
        logging.getLogger().removeHandler(handler)


@pytest.fixture
def json_log() -> Iterator[Callable[[], list[dict]]]:
    with root_log("json") as stream:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.fixture
def plain_log() -> Iterator[Callable[[], list[str]]]:
    with root_log("plain") as stream:
        yield lambda: stream.getvalue().splitlines()


@pytest.mark.django_db(transaction=True)
def test_a_wod_request_id_is_on_its_lines_from_the_api_through_the_publisher_to_the_consumer(
    api_client, broker, catalogue, json_log
):
    response = api_client.post("/api/wods/requests/")
    run_consumer(max_messages=1)

    request_id, for_date = response.json()["id"], response.json()["for_date"]
    wod = Wod.objects.get()
    about_it = [line for line in json_log() if line.get("request_id") == request_id]
    assert [line["logger"] for line in about_it] == [
        "wods.services",
        "wods.broker.publisher",
        "wods.consumer",
        "wods.consumer",
    ]
    created, _, received, stored = (line["message"] for line in about_it)
    assert created == f"[API] WOD request created for {for_date} (source user)"
    assert received.startswith(f"[Consumer] Received message: message_id={request_id!r} ")
    assert stored == f"[Consumer] WOD {wod.pk} stored for request_id={request_id} (delivery 1)"
    assert all({"time", "level", "logger", "message"} <= line.keys() for line in json_log())


@pytest.mark.django_db(transaction=True)
def test_with_log_format_json_the_consumer_writes_one_json_object_per_line(
    user, broker, catalogue, monkeypatch
):
    requests = [make_wod_request(user=user, status=WodRequest.Status.PENDING) for _ in range(3)]
    wod_requests_publish(request_ids=[request.id for request in requests])
    monkeypatch.setenv("LOG_FORMAT", "json")

    process = start_manage(
        "consume_wods",
        "--failure-rate",
        "0",
        "--max-messages",
        "3",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, errors = process.communicate(timeout=60)

    assert process.returncode == 0, errors
    lines = [json.loads(line) for line in errors.splitlines()]
    stored = [line for line in lines if "stored for request_id" in line["message"]]
    assert sorted(line["request_id"] for line in stored) == sorted(str(r.id) for r in requests)
    assert {line["level"] for line in lines} == {"INFO"}
    assert "Handled 3 messages" in out


# A sender's strings that would forge a line of their own if written as they are.
FORGED_LINE = "2026-11-29 05:00:00,000 INFO wods.consumer [Consumer] WOD 1 stored"
HOSTILE_MESSAGE_ID = f"x\n{FORGED_LINE} request_id=00000000-0000-0000-0000-000000000000"
HOSTILE_FIELD = f"admin\r\n{FORGED_LINE}"


def publish_hostile_messages(broker) -> None:
    broker.publish_raw(b"[1]", content_type="application/json", message_id=HOSTILE_MESSAGE_ID)
    body = json.dumps(
        {"request_id": "x", "user_email": "a@b.c", "for_date": "2026-11-29", HOSTILE_FIELD: 1}
    ).encode()
    broker.publish_raw(body, content_type="application/json", message_id="hostile-field")


@pytest.mark.django_db(transaction=True)
def test_a_senders_message_id_and_field_names_are_escaped_in_plain_text_lines(broker, plain_log):
    publish_hostile_messages(broker)

    run_consumer(max_messages=2)

    lines = plain_log()
    assert not any(line.startswith(FORGED_LINE) for line in lines)
    # Escaped, and not taken for a request id: the line ends with the delivery tag.
    escaped_id = re.escape(repr(HOSTILE_MESSAGE_ID))
    received = rf"\[Consumer\] Received message: message_id={escaped_id} delivery=\d+$"
    assert any(re.search(received, line) for line in lines), lines
    assert any(f"reason=unexpected fields: {HOSTILE_FIELD!r}" in line for line in lines), lines


@pytest.mark.django_db(transaction=True)
def test_a_senders_strings_come_through_the_json_formatter_whole_in_one_line(broker, json_log):
    publish_hostile_messages(broker)

    run_consumer(max_messages=2)

    lines = json_log()
    assert any(f"message_id={HOSTILE_MESSAGE_ID!r}" in line["message"] for line in lines)
    assert any(f"unexpected fields: {HOSTILE_FIELD!r}" in line["message"] for line in lines)
    # Neither message names a request: no line is about one.
    assert all("request_id" not in line for line in lines)
