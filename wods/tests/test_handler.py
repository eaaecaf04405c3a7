"""The consumer's decisions, without a broker: deliveries in, one decision each out.

The handler runs against the real database and services; only the deliveries are made here,
as the loop would make them from what RabbitMQ sent.
"""

import itertools
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from testing.database import database_away
from users.models import User
from wods.broker.consumer import Action, Decision, Delivery, HandlerUnavailable
from wods.broker.messages import CONTENT_TYPE, WodMessage
from wods.broker.outcomes import Outcome
from wods.consumer import SIMULATED_FAILURE, SimulatedFailures, WodHandler
from wods.models import Wod, WodRequest
from wods.tests.factories import make_wod_request

# Committed for real: the handler's close_old_connections() would close a connection left
# inside a test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)

MAX_DELIVERIES = 3
_tags = itertools.count(1)


def delivery_of(request: WodRequest, *, attempt: int = 1, **message_changes) -> Delivery:
    message = WodMessage(
        request_id=request.id, user_email=request.user.email, for_date=request.for_date
    )
    fields = {
        "request_id": message.request_id,
        "user_email": message.user_email,
        "for_date": message.for_date,
    }
    body = WodMessage(**{**fields, **message_changes}).encode()
    return raw_delivery(body, message_id=str(request.id), attempt=attempt)


def raw_delivery(
    body: bytes,
    *,
    content_type: str | None = CONTENT_TYPE,
    message_id: str | None = "raw",
    attempt: int = 1,
) -> Delivery:
    return Delivery(
        tag=next(_tags),
        body=body,
        content_type=content_type,
        message_id=message_id,
        attempt=attempt,
    )


def handler(*, failure_rate: float = 0.0) -> WodHandler:
    return WodHandler(
        max_deliveries=MAX_DELIVERIES,
        failures=SimulatedFailures(failure_rate, random.Random(0)),
    )


def by_tag(decisions: list[Decision]) -> dict[int, Decision]:
    return {decision.tag: decision for decision in decisions}


def test_a_stored_request_is_acked_as_done(user, catalogue):
    request = make_wod_request(user=user)
    delivery = delivery_of(request)

    [decision] = handler().handle([delivery])

    assert decision == Decision(delivery.tag, Action.ACK, Outcome.DONE)
    request.refresh_from_db()
    assert request.status == WodRequest.Status.DONE
    assert Wod.objects.filter(request=request).count() == 1


def test_a_request_already_done_is_acked_as_a_duplicate_without_a_second_wod(user, catalogue):
    request = make_wod_request(user=user)
    handler().handle([delivery_of(request)])
    redelivered = delivery_of(request, attempt=2)

    [decision] = handler().handle([redelivered])

    assert decision == Decision(redelivered.tag, Action.ACK, Outcome.DUPLICATE)
    assert Wod.objects.filter(request=request).count() == 1


def test_two_copies_in_one_batch_are_one_done_and_one_duplicate(user, catalogue):
    request = make_wod_request(user=user)
    first, second = delivery_of(request), delivery_of(request)

    decisions = by_tag(handler().handle([first, second]))

    assert decisions[first.tag].outcome is Outcome.DONE
    assert decisions[second.tag].outcome is Outcome.DUPLICATE
    assert {decision.action for decision in decisions.values()} == {Action.ACK}
    assert Wod.objects.filter(request=request).count() == 1


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"{nope", CONTENT_TYPE, "body is not JSON"),
        (b"", CONTENT_TYPE, "empty body"),
        (b"{}", "text/plain", "content type 'text/plain' is not application/json"),
        (b'{"request_id": "x"}', CONTENT_TYPE, "missing fields: for_date, user_email"),
    ],
    ids=["not JSON", "empty", "wrong content type", "missing fields"],
)
def test_a_body_that_does_not_decode_is_dead_lettered_with_its_reason(
    body, content_type, reason, db
):
    delivery = raw_delivery(body, content_type=content_type)

    [decision] = handler().handle([delivery])

    assert decision.tag == delivery.tag
    assert decision.action is Action.DEAD_LETTER
    assert decision.outcome is Outcome.MALFORMED
    assert decision.reason.startswith(reason)


def test_messages_that_contradict_their_rows_are_dead_lettered_and_the_rows_trusted(
    user, other_user, catalogue
):
    request = make_wod_request(user=user)
    another_user = delivery_of(request, user_email=other_user.email)
    another_date = delivery_of(request, for_date=request.for_date.replace(year=1999))
    ghost = make_wod_request(user=user)
    unknown = delivery_of(ghost)
    ghost.delete()

    decisions = by_tag(handler().handle([another_user, another_date, unknown]))

    assert {tag: (d.action, d.outcome, d.reason) for tag, d in decisions.items()} == {
        another_user.tag: (
            Action.DEAD_LETTER,
            Outcome.MALFORMED,
            "user_email does not match the request's user",
        ),
        another_date.tag: (
            Action.DEAD_LETTER,
            Outcome.MALFORMED,
            "for_date does not match the request",
        ),
        unknown.tag: (Action.DEAD_LETTER, Outcome.MALFORMED, "unknown request"),
    }
    request.refresh_from_db()
    assert request.status == WodRequest.Status.QUEUED
    assert not Wod.objects.exists()


def test_a_failure_before_the_last_allowed_delivery_is_requeued_as_a_retry(user, catalogue):
    request = make_wod_request(user=user)
    delivery = delivery_of(request, attempt=MAX_DELIVERIES - 1)

    [decision] = handler(failure_rate=1.0).handle([delivery])

    assert decision == Decision(delivery.tag, Action.REQUEUE, Outcome.RETRIED, SIMULATED_FAILURE)
    request.refresh_from_db()
    assert request.status == WodRequest.Status.QUEUED
    assert request.attempts == MAX_DELIVERIES - 1
    assert request.last_error == SIMULATED_FAILURE


def test_a_failure_on_the_last_allowed_delivery_marks_the_request_dead(user, catalogue):
    request = make_wod_request(user=user)
    delivery = delivery_of(request, attempt=MAX_DELIVERIES)

    [decision] = handler(failure_rate=1.0).handle([delivery])

    # Requeued all the same: past its delivery limit, RabbitMQ dead-letters the message.
    assert decision == Decision(
        delivery.tag, Action.REQUEUE, Outcome.DEAD_LETTERED, SIMULATED_FAILURE
    )
    request.refresh_from_db()
    assert request.status == WodRequest.Status.DEAD
    assert request.attempts == MAX_DELIVERIES
    assert not Wod.objects.exists()


def test_a_failing_batch_is_handled_one_by_one_and_only_the_failing_message_is_retried(
    make_user, catalogue
):
    athletes = [make_user() for _ in range(3)]
    # An athlete row no generator can serve: the whole batch's transaction fails on it.
    User.objects.filter(pk=athletes[1].pk).update(goal="juggling")
    requests = [make_wod_request(user=athlete) for athlete in athletes]
    deliveries = [delivery_of(request) for request in requests]

    decisions = by_tag(handler().handle(deliveries))

    good_first, broken, good_last = deliveries
    assert decisions[good_first.tag] == Decision(good_first.tag, Action.ACK, Outcome.DONE)
    assert decisions[good_last.tag] == Decision(good_last.tag, Action.ACK, Outcome.DONE)
    assert decisions[broken.tag].action is Action.REQUEUE
    assert decisions[broken.tag].outcome is Outcome.RETRIED
    assert "juggling" in decisions[broken.tag].reason
    statuses = dict(WodRequest.objects.values_list("pk", "status"))
    assert [statuses[request.pk] for request in requests] == ["done", "queued", "done"]
    assert "juggling" in WodRequest.objects.get(pk=requests[1].pk).last_error


def test_a_mixed_batch_gets_exactly_one_decision_per_delivery(user, other_user, catalogue):
    stored = make_wod_request(user=user)
    duplicate = make_wod_request(user=other_user)
    handler().handle([delivery_of(duplicate)])
    batch = [
        delivery_of(stored),
        delivery_of(duplicate, attempt=2),
        raw_delivery(b"[1, 2]"),
        delivery_of(stored, user_email=other_user.email),
    ]

    decisions = handler().handle(batch)

    assert sorted(decision.tag for decision in decisions) == sorted(d.tag for d in batch)
    assert [by_tag(decisions)[delivery.tag].outcome for delivery in batch] == [
        Outcome.DONE,
        Outcome.DUPLICATE,
        Outcome.MALFORMED,
        Outcome.MALFORMED,
    ]


def test_while_the_database_cannot_be_reached_the_handler_decides_nothing_and_says_why(
    user, catalogue
):
    request = make_wod_request(user=user)
    delivery = delivery_of(request)

    with database_away(), pytest.raises(HandlerUnavailable, match="database is unavailable"):
        handler().handle([delivery])

    # Handed over again once the database is back: stored on the same, first delivery.
    assert handler().handle([delivery]) == [Decision(delivery.tag, Action.ACK, Outcome.DONE)]
    request.refresh_from_db()
    assert (request.status, request.attempts) == ("done", 1)


def test_failures_that_cannot_be_recorded_while_the_database_is_away_are_not_requeued(
    user, catalogue
):
    request = make_wod_request(user=user)
    delivery = delivery_of(request)

    with database_away(), pytest.raises(HandlerUnavailable):
        handler(failure_rate=1.0).handle([delivery])

    [decision] = handler(failure_rate=1.0).handle([delivery])
    assert (decision.action, decision.outcome) == (Action.REQUEUE, Outcome.RETRIED)
    request.refresh_from_db()
    assert (request.status, request.attempts, request.last_error) == (
        "queued",
        1,
        SIMULATED_FAILURE,
    )


def row_state(request: WodRequest) -> tuple:
    request.refresh_from_db()
    return (request.status, request.attempts, request.last_error, request.updated_at)


FORGERIES = {
    "another athlete's email": lambda request, other: {"user_email": other.email},
    "another date": lambda request, other: {"for_date": request.for_date.replace(year=1999)},
}


@pytest.mark.parametrize("attempt", [1, MAX_DELIVERIES], ids=["first delivery", "last delivery"])
@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_forged_message_hit_by_the_simulated_failure_is_dead_lettered_and_touches_no_row(
    attempt, forgery, user, other_user, catalogue
):
    # The victim's request, as the publisher left it; the forger knows its id alone.
    request = make_wod_request(user=user)
    before = row_state(request)
    forged = delivery_of(request, attempt=attempt, **forgery(request, other_user))

    [decision] = handler(failure_rate=1.0).handle([forged])

    assert (decision.tag, decision.action, decision.outcome) == (
        forged.tag,
        Action.DEAD_LETTER,
        Outcome.MALFORMED,
    )
    assert "does not match" in decision.reason
    assert row_state(request) == before
    assert not Wod.objects.exists()


def test_a_forged_message_beside_the_real_one_fails_only_the_real_one(user, other_user, catalogue):
    request = make_wod_request(user=user)
    real = delivery_of(request, attempt=MAX_DELIVERIES - 1)
    forged = delivery_of(request, attempt=MAX_DELIVERIES, user_email=other_user.email)

    decisions = by_tag(handler(failure_rate=1.0).handle([real, forged]))

    assert decisions[real.tag].outcome is Outcome.RETRIED
    assert decisions[forged.tag].outcome is Outcome.MALFORMED
    request.refresh_from_db()
    # The real delivery's failure is noted; the forged "last delivery" made nothing dead.
    assert (request.status, request.attempts) == (WodRequest.Status.QUEUED, MAX_DELIVERIES - 1)


def test_a_batch_costs_the_same_statements_whatever_its_size(make_user, catalogue):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's bulk inserts are split by its limit of bound parameters")
    athletes = [make_user() for _ in range(5)]
    one = handler()

    def statements_for(count: int) -> list[str]:
        batch = [delivery_of(make_wod_request(user=athletes[n % 5])) for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            decisions = one.handle(batch)
        assert {decision.outcome for decision in decisions} == {Outcome.DONE}
        return [query["sql"].split()[0] for query in captured.captured_queries]

    statements_for(1)  # the catalogue is read once, then only checked
    alone, many = statements_for(1), statements_for(40)

    assert alone == many
    assert len(many) <= 12
