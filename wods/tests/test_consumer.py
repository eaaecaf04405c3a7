"""The consumer against the real RabbitMQ and database: retries, dead letters, duplicates."""

import datetime
import json
import logging
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from testing.consumers import consumer_in_thread, run_consumer
from testing.probes import wait_until
from wods.broker.messages import WodMessage
from wods.models import Wod, WodExercise, WodRequest
from wods.services import wod_requests_publish
from wods.tests.factories import make_wod_request

pytestmark = pytest.mark.django_db(transaction=True)


def publish_requests(user, count: int) -> list[WodRequest]:
    requests = [make_wod_request(user=user, status=WodRequest.Status.PENDING) for _ in range(count)]
    wod_requests_publish(request_ids=[request.id for request in requests])
    return requests


def message_body(request: WodRequest, **overrides) -> bytes:
    payload = {
        "request_id": str(request.id),
        "user_email": request.user.email,
        "for_date": request.for_date.isoformat(),
        **overrides,
    }
    return json.dumps(payload).encode()


def test_a_queued_request_is_consumed_and_stored_as_one_wod(user, broker, catalogue):
    [request] = publish_requests(user, 1)

    consumer = run_consumer(max_messages=1)

    request.refresh_from_db()
    assert request.status == WodRequest.Status.DONE
    assert request.attempts == 1
    assert Wod.objects.get().request_id == request.id
    assert WodExercise.objects.filter(wod__request=request).count() >= 2
    assert consumer.stats.counts["done"] == 1
    assert broker.ready() == 0


@pytest.mark.parametrize("max_deliveries", [3])
def test_with_every_attempt_failing_a_request_is_dead_after_exactly_max_deliveries(
    user, broker, catalogue
):
    [request] = publish_requests(user, 1)

    consumer = run_consumer(failure_rate=1.0, max_messages=3)

    request.refresh_from_db()
    assert request.status == WodRequest.Status.DEAD
    assert request.attempts == 3
    assert request.last_error == "Random failure for testing retries"
    assert consumer.stats.counts["retried"] == 2
    assert consumer.stats.counts["dead_lettered"] == 1
    assert Wod.objects.count() == 0
    broker.wait_for_dead(1)
    [(properties, _)] = broker.get_dead()
    assert properties.message_id == str(request.id)
    assert properties.headers["x-death"][0]["reason"] in ("delivery_limit", "rejected")


@pytest.mark.parametrize("max_deliveries", [2])
def test_a_dead_request_replayed_with_failures_off_ends_done(user, broker, catalogue):
    [request] = publish_requests(user, 1)
    run_consumer(failure_rate=1.0, max_messages=2)
    broker.wait_for_dead(1)

    out = StringIO()
    call_command("requeue_dead_wods", stdout=out)
    request.refresh_from_db()
    assert request.status == WodRequest.Status.QUEUED
    assert "Replayed 1 dead letter(s)" in out.getvalue()
    assert broker.dead() == 0

    run_consumer(failure_rate=0.0, max_messages=1)

    request.refresh_from_db()
    assert request.status == WodRequest.Status.DONE
    assert Wod.objects.filter(request=request).count() == 1


@pytest.mark.parametrize("max_deliveries", [2])
def test_a_dry_run_replay_moves_nothing(user, broker, catalogue):
    publish_requests(user, 2)
    run_consumer(failure_rate=1.0, max_messages=4)
    broker.wait_for_dead(2)

    out = StringIO()
    call_command("requeue_dead_wods", "--dry-run", stdout=out)

    assert "Would replay 2 dead letter(s)" in out.getvalue()
    assert broker.dead() == 2
    assert broker.ready() == 0


@pytest.mark.parametrize("max_deliveries", [2])
def test_replay_honours_the_limit(user, broker, catalogue):
    publish_requests(user, 3)
    run_consumer(failure_rate=1.0, max_messages=6)
    broker.wait_for_dead(3)

    call_command("requeue_dead_wods", "--limit", "2", stdout=StringIO())

    assert broker.ready() == 2
    assert broker.dead() == 1


def test_at_a_30_percent_failure_rate_every_request_ends_done_or_dead_with_one_wod_each(
    user, broker, catalogue
):
    publish_requests(user, 200)

    with consumer_in_thread(failure_rate=0.3, prefetch=20) as consumer:
        # Each request ends done or dead; retries make the number of deliveries unknown.
        wait_until(
            lambda: consumer.stats.counts["done"] + consumer.stats.counts["dead_lettered"] == 200
        )

    statuses = set(WodRequest.objects.values_list("status", flat=True))
    done = WodRequest.objects.filter(status=WodRequest.Status.DONE).count()
    dead = WodRequest.objects.filter(status=WodRequest.Status.DEAD).count()
    assert statuses <= {WodRequest.Status.DONE, WodRequest.Status.DEAD}
    assert done + dead == 200
    assert Wod.objects.count() == done
    assert broker.ready() == 0
    broker.wait_for_dead(dead)
    assert consumer.stats.counts["retried"] > 0


def test_the_same_message_delivered_twice_creates_one_wod(user, broker, catalogue):
    request = make_wod_request(user=user)
    body = message_body(request)
    for _ in range(2):
        broker.publish_raw(body, content_type="application/json", message_id=str(request.id))

    consumer = run_consumer(prefetch=1, max_messages=2)

    assert Wod.objects.filter(request=request).count() == 1
    assert consumer.stats.counts["done"] == 1
    assert consumer.stats.counts["duplicate"] == 1
    assert broker.ready() == 0
    assert broker.dead() == 0


def test_two_copies_in_one_batch_also_create_one_wod(user, broker, catalogue):
    request = make_wod_request(user=user)
    for _ in range(2):
        broker.publish_raw(
            message_body(request), content_type="application/json", message_id=str(request.id)
        )

    consumer = run_consumer(prefetch=10, max_messages=2)

    assert Wod.objects.filter(request=request).count() == 1
    assert consumer.stats.counts == {**consumer.stats.counts, "done": 1, "duplicate": 1}


def test_consecutive_wods_of_a_user_never_repeat_an_exercise_of_the_one_before(
    user, broker, catalogue
):
    for day in range(10):
        make_wod_request(user=user, for_date=datetime.date(2026, 11, 1) + datetime.timedelta(day))
    wod_requests_publish(
        request_ids=list(WodRequest.objects.values_list("id", flat=True)), older_than=None
    )
    WodRequest.objects.update(status=WodRequest.Status.QUEUED)
    for request in WodRequest.objects.order_by("for_date"):
        broker.publish_raw(
            message_body(request), content_type="application/json", message_id=str(request.id)
        )

    run_consumer(prefetch=4, max_messages=10)

    previous: set[int] = set()
    for wod in Wod.objects.order_by("for_date"):
        exercises = set(wod.movements.values_list("exercise_id", flat=True))
        assert not exercises & previous
        previous = exercises


JSON = {"content_type": "application/json"}
# (kind, body, properties, the reason logged): what a hostile or broken publisher can send.
HOSTILE = [
    ("empty body", b"", JSON, "empty body"),
    ("invalid UTF-8", b"\xff\xfe\xfa", JSON, "not UTF-8"),
    ("not JSON", b"{nope", JSON, "not JSON"),
    ("JSON that is not an object", b"[1, 2]", JSON, "not an object"),
    ("missing fields", b'{"request_id": "x"}', JSON, "missing fields"),
    (
        "extra fields",
        b'{"request_id": "x", "user_email": "a@b.c", "for_date": "2026-11-28", "admin": true}',
        JSON,
        "unexpected fields: 'admin'",
    ),
    (
        "wrong types",
        b'{"request_id": 1, "user_email": 2, "for_date": 3}',
        JSON,
        "must be strings",
    ),
    (
        "a request id that is not a UUID",
        b'{"request_id": "1; DROP TABLE wods", "user_email": "a@b.c", "for_date": "2026-11-28"}',
        JSON,
        "not a UUID",
    ),
    ("wrong content type", b"{}", {"content_type": "text/plain"}, "content type"),
    ("no content type", b"{}", {}, "content type"),
    ("oversized", b" " * 10 * 1024 * 1024, JSON, "exceeds"),
    # Under the size limit, so it is the nesting that the decoder has to survive.
    ("deeply nested", b"[" * 2000 + b"]" * 2000, JSON, "not JSON"),
]


@pytest.mark.parametrize(
    ("kind", "body", "properties"),
    [hostile[:3] for hostile in HOSTILE],
    ids=[kind for kind, *_ in HOSTILE],
)
def test_a_malformed_message_is_dead_lettered_and_the_consumer_goes_on(
    kind, body, properties, user, broker, catalogue
):
    broker.publish_raw(body, message_id=f"hostile-{kind}", **properties)
    [request] = publish_requests(user, 1)

    consumer = run_consumer(prefetch=1, max_messages=2)

    assert consumer.stats.counts["malformed"] == 1
    broker.wait_for_dead(1)
    [(dead_properties, dead_body)] = broker.get_dead()
    assert dead_properties.message_id == f"hostile-{kind}"
    assert dead_body == body
    request.refresh_from_db()
    assert request.status == WodRequest.Status.DONE


def test_a_message_for_an_unknown_request_is_dead_lettered(user, broker, catalogue):
    ghost = WodMessage(
        request_id=uuid.uuid4(), user_email=user.email, for_date=timezone.localdate()
    )
    broker.publish_raw(
        ghost.encode(), content_type="application/json", message_id=str(ghost.request_id)
    )

    consumer = run_consumer(max_messages=1)

    assert consumer.stats.counts["malformed"] == 1
    broker.wait_for_dead(1)
    assert Wod.objects.count() == 0


def test_a_message_naming_another_user_is_dead_lettered_and_the_row_is_trusted(
    user, other_user, broker, catalogue
):
    request = make_wod_request(user=user)
    broker.publish_raw(
        message_body(request, user_email=other_user.email),
        content_type="application/json",
        message_id=str(request.id),
    )

    consumer = run_consumer(max_messages=1)

    assert consumer.stats.counts["malformed"] == 1
    assert Wod.objects.count() == 0
    request.refresh_from_db()
    assert request.status == WodRequest.Status.QUEUED


def test_a_message_with_a_date_other_than_its_request_is_dead_lettered(user, broker, catalogue):
    request = make_wod_request(user=user)
    broker.publish_raw(
        message_body(request, for_date="1999-01-01"),
        content_type="application/json",
        message_id=str(request.id),
    )

    consumer = run_consumer(max_messages=1)

    assert consumer.stats.counts["malformed"] == 1
    assert Wod.objects.count() == 0


def test_a_burst_of_hostile_messages_is_dead_lettered_with_reasons_and_the_next_is_served(
    user, other_user, broker, catalogue, caplog
):
    caplog.set_level(logging.ERROR, logger="wods.consumer")
    request = make_wod_request(user=user)
    hostile = [
        (f"hostile-{kind}", body, properties, reason) for kind, body, properties, reason in HOSTILE
    ]
    for row_kind, overrides, reason in [
        ("unknown request", {"request_id": str(uuid.uuid4())}, "unknown request"),
        ("another user", {"user_email": other_user.email}, "user_email does not match"),
        ("another date", {"for_date": "1999-01-01"}, "for_date does not match"),
    ]:
        body = message_body(request, **overrides)
        message_id = json.loads(body)["request_id"] if row_kind == "unknown request" else None
        hostile.append((message_id or str(request.id), body, JSON, reason))
    for message_id, body, properties, _ in hostile:
        broker.publish_raw(body, message_id=message_id, **properties)
    broker.publish_raw(message_body(request), message_id=str(request.id), **JSON)

    consumer = run_consumer(prefetch=50, max_messages=len(hostile) + 1)

    assert consumer.stats.counts["malformed"] == len(hostile)
    assert consumer.stats.counts["done"] == 1
    request.refresh_from_db()
    assert request.status == WodRequest.Status.DONE
    assert Wod.objects.get().user == user
    broker.wait_for_dead(len(hostile))
    assert sorted(properties.message_id or "" for properties, _ in broker.get_dead()) == sorted(
        message_id for message_id, *_ in hostile
    )
    logged = [record.getMessage() for record in caplog.records]
    for message_id, _, _, reason in hostile:
        assert any(f"message_id={message_id!r} " in line and reason in line for line in logged), (
            message_id,
            reason,
        )


def row_state(request: WodRequest) -> tuple:
    request.refresh_from_db()
    return (request.status, request.attempts, request.last_error, request.updated_at)


@pytest.mark.parametrize("max_deliveries", [2])
@pytest.mark.parametrize(
    "forgery",
    [{"user_email": "forger@example.com"}, {"for_date": "1999-01-01"}],
    ids=["another athlete's email", "another date"],
)
def test_a_forged_message_failing_at_every_delivery_ends_in_wods_dead_and_changes_nothing(
    forgery, user, broker, catalogue
):
    request = make_wod_request(user=user)
    before = row_state(request)
    broker.publish_raw(message_body(request, **forgery), message_id=str(request.id), **JSON)

    # Every delivery fails: a forged message that counted as a failure would be retried and,
    # on its last delivery, make the request dead.
    consumer = run_consumer(failure_rate=1.0, max_messages=1)

    assert consumer.stats.counts["malformed"] == 1
    broker.wait_for_dead(1)
    [(properties, _)] = broker.get_dead()
    assert properties.headers["x-death"][0]["reason"] == "rejected"
    assert row_state(request) == before
    assert not Wod.objects.exists()


@pytest.mark.parametrize("status", [WodRequest.Status.PENDING, WodRequest.Status.DEAD])
def test_a_forged_dead_letter_is_kept_on_replay_and_changes_nothing(status, user, broker):
    # A request the relay will publish (pending), or one waiting for a retry (dead): marked
    # `queued` by a forged letter, the relay would never publish it again.
    request = make_wod_request(user=user, status=status)
    before = row_state(request)
    forged = message_body(request, user_email="forger@example.com")
    broker.publish_raw(forged, message_id=str(request.id), dead=True, **JSON)

    out = StringIO()
    call_command("requeue_dead_wods", stdout=out)

    assert "Replayed 0 dead letter(s); 0 already done; 1 kept in the dead queue." in out.getvalue()
    assert "user_email does not match the request's user" in out.getvalue()
    assert row_state(request) == before
    assert broker.ready() == 0
    assert [body for _, body in broker.get_dead()] == [forged]


def test_the_replay_report_writes_a_kept_letters_message_id_escaped(broker):
    hostile_id = "x\nReplayed 99 dead letter(s)"
    broker.publish_raw(b"[1]", message_id=hostile_id, dead=True, **JSON)

    out = StringIO()
    call_command("requeue_dead_wods", stdout=out)

    lines = out.getvalue().splitlines()
    assert f"  kept {hostile_id!r}: body is a JSON list, not an object" in lines
    assert not any(line.startswith("Replayed 99") for line in lines)
