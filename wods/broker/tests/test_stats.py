"""Queue depths from the management API: its credentials go in `auth=`, and nothing logs them.

A management API of the test's own (a small HTTP server) records what it is sent and answers
as the test wants; when it fails, the depths are counted over AMQP from the real RabbitMQ.
"""

import base64
import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from wods.broker.stats import management_apis, queue_depths

PASSWORD = "s3cret-Pass"


@contextmanager
def management_stand_in(status: int, body: bytes) -> Iterator[tuple[str, list[dict]]]:
    """An HTTP server answering every GET with `status` and `body`: (its address, the
    requests it got, each as its path and Authorization header)."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            received.append({"path": self.path, "authorization": self.headers["Authorization"]})
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:
            """Quiet: the test reads `received` instead."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_the_management_url_loses_its_credentials_to_auth(settings):
    settings.RABBITMQ_MANAGEMENT_URL = f"https://ops:{PASSWORD}@rabbit.example:15671/mq/"

    [api] = management_apis()

    assert api.url == "https://rabbit.example:15671/mq"
    assert api.auth == ("ops", PASSWORD)
    assert PASSWORD not in repr(api)


def test_without_a_management_url_it_is_the_amqp_host_with_the_amqp_credentials(settings):
    settings.RABBITMQ_MANAGEMENT_URL = ""
    settings.AMQP_URL = "amqp://co%40ch:p%2Fss@rabbit.example:5673/coach"

    [api] = management_apis()

    assert (api.url, api.auth) == ("http://rabbit.example:15672", ("co@ch", "p/ss"))


def test_each_broker_address_has_its_management_api_with_its_own_credentials(settings):
    settings.RABBITMQ_MANAGEMENT_URL = ""
    settings.AMQP_URL = "amqp://a:one@rabbit-1.example:5672/%2F,amqp://b:two@rabbit-2.example/%2F"
    settings.AMQP_SHUFFLE_ADDRESSES = False

    apis = management_apis()

    assert [(api.url, api.auth) for api in apis] == [
        ("http://rabbit-1.example:15672", ("a", "one")),
        ("http://rabbit-2.example:15672", ("b", "two")),
    ]


def test_several_management_urls_take_the_amqp_credentials_when_they_have_none(settings):
    settings.AMQP_URL = "amqp://coach:secret@rabbit-1.example:5672/%2F"
    settings.RABBITMQ_MANAGEMENT_URL = (
        "http://rabbit-1.example:15672, https://ops:pw@rabbit-2.example"
    )

    apis = management_apis()

    assert [(api.url, api.auth) for api in apis] == [
        ("http://rabbit-1.example:15672", ("coach", "secret")),
        ("https://rabbit-2.example", ("ops", "pw")),
    ]


def test_the_depths_come_from_the_first_management_api_that_answers(broker, settings):
    answer = {"messages_ready": 7, "messages_unacknowledged": 2, "consumers": 1}
    with (
        management_stand_in(503, b"{}") as (failing, _),
        management_stand_in(200, json.dumps(answer).encode()) as (answering, received),
    ):
        settings.RABBITMQ_MANAGEMENT_URL = f"http://127.0.0.1:1,http://{failing},http://{answering}"

        depths = queue_depths(topology=broker.topology)

    assert (depths["generate"].ready, depths["generate"].unacked) == (7, 2)
    assert len(received) == 2  # wods.generate and wods.dead, from the node that answered


def test_queue_depths_send_the_credentials_in_the_authorization_header(broker, settings):
    answer = {"messages_ready": 7, "messages_unacknowledged": 2, "consumers": 1}
    with management_stand_in(200, json.dumps(answer).encode()) as (address, received):
        settings.RABBITMQ_MANAGEMENT_URL = f"http://ops:{PASSWORD}@{address}"

        depths = queue_depths(topology=broker.topology)

    assert (depths["generate"].ready, depths["generate"].unacked) == (7, 2)
    assert {request["authorization"] for request in received} == {basic("ops", PASSWORD)}
    assert all(PASSWORD not in request["path"] for request in received)


@pytest.mark.parametrize(
    ("status", "body"),
    [(500, b"{}"), (200, b"not json"), (401, b'{"error": "not_authorised"}')],
    ids=["server error", "not JSON", "refused"],
)
def test_a_failing_management_api_logs_no_password_even_at_debug(
    status, body, broker, settings, caplog
):
    caplog.set_level(logging.DEBUG)
    with management_stand_in(status, body) as (address, _):
        settings.RABBITMQ_MANAGEMENT_URL = f"http://ops:{PASSWORD}@{address}"

        depths = queue_depths(topology=broker.topology)

    # Counted over AMQP instead, which knows no unacked count.
    assert depths["generate"].unacked is None
    logged = "\n".join(
        f"{record.getMessage()} {record.exc_text or ''}" for record in caplog.records
    )
    assert "Management API unavailable" in logged
    assert PASSWORD not in logged


def test_an_unreachable_management_api_logs_no_password_even_at_debug(broker, settings, caplog):
    caplog.set_level(logging.DEBUG)
    settings.RABBITMQ_MANAGEMENT_URL = f"http://ops:{PASSWORD}@127.0.0.1:1"

    queue_depths(topology=broker.topology)

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Management API unavailable" in logged
    assert PASSWORD not in logged
