"""`POST /api/wods/requests/daily/`: one daily request per active athlete, published at once."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from testing.clients import client_for
from testing.consumers import run_consumer
from users.models import User
from wods import services
from wods.models import Wod, WodRequest
from wods.tests.factories import make_wod_request

DAILY_URL = "/api/wods/requests/daily/"
UNREACHABLE_BROKER = "amqp://guest:guest@127.0.0.1:1/%2F"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def athletes(make_user, user, other_user, staff_user):
    """Four active athletes (a staff coach trains too) and one who left."""
    make_user(email="gone@example.com", is_active=False)
    return [user, other_user, staff_user, make_user(email="cy@example.com")]


def daily_requests() -> list[WodRequest]:
    return list(WodRequest.objects.filter(source=WodRequest.Source.DAILY).select_related("user"))


def test_staff_get_one_queued_daily_request_for_today_per_active_athlete(
    staff_client, athletes, broker
):
    response = staff_client.post(DAILY_URL)

    assert response.status_code == 202
    today = timezone.localdate()
    assert response.json() == {
        "for_date": today.isoformat(),
        "created": 4,
        "existing": 0,
        "queued": 4,
    }
    requests = daily_requests()
    assert sorted(request.user.email for request in requests) == sorted(
        athlete.email for athlete in athletes
    )
    assert {(request.for_date, request.status) for request in requests} == {
        (today, WodRequest.Status.QUEUED)
    }
    assert broker.ready() == 4


def test_calling_it_again_the_same_day_creates_and_publishes_nothing_new(
    staff_client, athletes, broker
):
    staff_client.post(DAILY_URL)

    again = staff_client.post(DAILY_URL).json()

    assert (again["created"], again["existing"], again["queued"]) == (0, 4, 0)
    assert len(daily_requests()) == 4
    assert broker.ready() == 4


def test_athletes_who_have_todays_daily_request_count_as_existing(staff_client, athletes, broker):
    for athlete in athletes[:2]:
        make_wod_request(user=athlete, source=WodRequest.Source.DAILY)
    # A WOD the athlete asked for is not the daily one.
    make_wod_request(user=athletes[2], source=WodRequest.Source.USER)

    counts = staff_client.post(DAILY_URL).json()

    assert (counts["created"], counts["existing"], counts["queued"]) == (2, 2, 2)
    assert len(daily_requests()) == 4


def test_a_run_that_raced_another_inserts_no_duplicate_and_counts_only_its_own_rows(
    staff_client, athletes, broker, monkeypatch
):
    # Both runs saw every athlete without a request; the other one inserted the first row.
    make_wod_request(user=athletes[0], source=WodRequest.Source.DAILY)
    everyone = User.objects.filter(pk__in=[athlete.pk for athlete in athletes])
    seen_before_the_other_run = services.wod_daily_athletes
    monkeypatch.setattr(
        services,
        "wod_daily_athletes",
        lambda *, for_date, with_request: (
            seen_before_the_other_run(for_date=for_date, with_request=True)
            if with_request
            else everyone
        ),
    )

    counts = staff_client.post(DAILY_URL).json()

    assert (counts["created"], counts["existing"]) == (3, 1)
    assert len(daily_requests()) == 4


def test_the_service_account_that_calls_it_gets_no_daily_request(
    make_user, athletes, broker, settings
):
    service = make_user(email=settings.COACH_SERVICE_EMAIL.upper(), is_staff=True)

    counts = client_for(service).post(DAILY_URL).json()

    assert counts["created"] == 4
    assert not WodRequest.objects.filter(user=service).exists()


def test_only_staff_may_ask_for_everyones_daily_wod(anonymous_client, api_client, athletes, broker):
    assert anonymous_client.post(DAILY_URL).status_code == 401
    assert api_client.post(DAILY_URL).status_code == 403
    assert daily_requests() == []
    assert broker.ready() == 0


def test_input_is_refused_with_a_400_rather_than_ignored(staff_client, athletes, broker):
    response = staff_client.post(DAILY_URL, {"for_date": "2026-01-01"}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This endpoint takes no input: it always serves today."]
    }
    assert daily_requests() == []


def test_with_the_broker_down_the_daily_requests_stay_pending_for_the_relay(
    staff_client, athletes, broker, settings
):
    reachable_broker = settings.AMQP_URL
    settings.AMQP_URL = UNREACHABLE_BROKER

    counts = staff_client.post(DAILY_URL).json()

    assert (counts["created"], counts["queued"]) == (4, 0)
    assert {request.status for request in daily_requests()} == {WodRequest.Status.PENDING}

    settings.AMQP_URL = reachable_broker
    call_command("publish_pending_wods", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert {request.status for request in daily_requests()} == {WodRequest.Status.QUEUED}
    assert broker.ready() == 4


def test_athletes_beyond_one_insert_and_one_publish_batch_are_all_served(
    staff_client, make_user, broker, catalogue, monkeypatch
):
    monkeypatch.setattr(services, "DAILY_INSERT_BATCH_SIZE", 3)
    monkeypatch.setattr(services, "PUBLISH_BATCH_SIZE", 4)
    for _ in range(9):
        make_user()

    counts = staff_client.post(DAILY_URL).json()
    run_consumer(max_messages=10)

    # Nine athletes and the staff member calling.
    assert (counts["created"], counts["queued"]) == (10, 10)
    assert Wod.objects.filter(request__source=WodRequest.Source.DAILY).count() == 10


def test_inside_another_transaction_the_daily_requests_refuse_to_run(athletes, broker):
    # Their messages may only go out once the rows are committed, which an outer transaction
    # would hold back: the service says so rather than report what it cannot know.
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        services.wod_requests_create_daily()

    assert daily_requests() == []
    assert broker.ready() == 0
