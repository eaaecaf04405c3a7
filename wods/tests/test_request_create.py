"""`wod_request_create`: the API's request path, in as few statements as its promises allow.

The row is committed before its message goes out, and `queued` is said (and seen by anyone)
only once RabbitMQ confirmed; the API and the relay never both publish one request.
"""

import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from testing.clients import client_for
from wods import services
from wods.models import WodRequest
from wods.services import wod_request_create, wod_requests_publish_pending

REQUESTS_URL = "/api/wods/requests/"

pytestmark = pytest.mark.django_db(transaction=True)


def test_posting_a_request_takes_the_token_user_an_insert_and_one_claiming_update(user, broker):
    client = client_for(user)

    with CaptureQueriesContext(connection) as statements:
        response = client.post(REQUESTS_URL, {}, format="json")

    assert response.json()["status"] == "queued"
    # The throttle counts in the cache, never in the database; the answer is built from the
    # publish result, not from a second read of the row.
    assert [query["sql"].split()[0] for query in statements.captured_queries] == [
        "SELECT",  # the token's user
        "INSERT",  # the request, committed on its own
        "BEGIN",
        "UPDATE",  # claimed and marked queued at once; seen only after the confirm
        "COMMIT",
    ]
    assert broker.ready() == 1


def test_while_the_api_publishes_others_see_pending_and_the_relay_leaves_the_request_alone(
    user, broker, monkeypatch
):
    seen: dict[str, object] = {}
    looked = threading.Event()
    publish_confirmed = services.publish_confirmed

    def look_from_another_connection(request_id) -> None:
        try:
            seen["status"] = WodRequest.objects.get(pk=request_id).status
            looked.set()
            seen["relayed"] = wod_requests_publish_pending()  # the grace period is 0 in tests
        finally:
            connections.close_all()

    def publish_while_others_look(messages):
        other = threading.Thread(target=look_from_another_connection, args=[messages[0].request_id])
        other.start()
        looked.wait(timeout=10)
        if connection.vendor == "postgresql":
            other.join(timeout=10)  # the relay skips the locked row and is done at once
        # (SQLite lets one writer at a time: there the relay waits for the commit.)
        seen["thread"] = other
        return publish_confirmed(messages)

    monkeypatch.setattr(services, "publish_confirmed", publish_while_others_look)

    request, created = wod_request_create(user=user)
    seen["thread"].join(timeout=30)

    assert created
    assert request.status == WodRequest.Status.QUEUED
    assert seen["status"] == WodRequest.Status.PENDING
    assert seen["relayed"] == 0
    assert WodRequest.objects.get().status == WodRequest.Status.QUEUED
    assert broker.ready() == 1


def test_a_request_the_relay_published_first_is_not_published_again(user, broker, monkeypatch):
    # The API's claim came after the grace period (a stalled process, say): the relay has sent
    # the request already, and the API answers with what the row says.
    def relay_first(*, request):
        wod_requests_publish_pending()
        return real_request_publish(request=request)

    real_request_publish = services._request_publish
    monkeypatch.setattr(services, "_request_publish", relay_first)

    request, _ = wod_request_create(user=user)

    assert request.status == WodRequest.Status.QUEUED
    assert broker.ready() == 1
