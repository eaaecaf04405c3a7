"""A WOD request's id on every log line about it, API to consumer, in plain text and JSON."""

import io
import json
import logging
import subprocess
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from coachsite.logs import RequestIdFilter
from testing.consumers import run_consumer
from testing.processes import start_manage
from wods.models import Wod, WodRequest
from wods.services import wod_requests_publish
from wods.tests.factories import make_wod_request


@pytest.fixture
def json_log() -> Iterator[Callable[[], list[dict]]]:
    """What the root logger writes through the settings' `json` formatter and the filter."""
    config = dict(settings.LOGGING["formatters"]["json"])
    formatter = import_string(config.pop("()"))(**config)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    logging.getLogger().addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.getLogger().removeHandler(handler)


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
    assert received.startswith(f"[Consumer] Received message: message_id={request_id} ")
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
