"""`POST /api/wods/requests/daily/`: one daily request per active athlete, published at once."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
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


@pytest.fixture
def service_client(make_user, settings):
    """The cron service account, as `create_service_account` leaves it: no staff, one permission."""
    service = make_user(email=settings.COACH_SERVICE_EMAIL)
    service.user_permissions.add(
        Permission.objects.get(content_type__app_label="wods", codename="request_daily_wods")
    )
    return client_for(service)


def daily_requests() -> list[WodRequest]:
    return list(WodRequest.objects.filter(source=WodRequest.Source.DAILY).select_related("user"))


def test_it_gets_one_queued_daily_request_for_today_per_active_athlete(
    service_client, athletes, broker
):
    response = service_client.post(DAILY_URL)

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
    service_client, athletes, broker
):
    service_client.post(DAILY_URL)

    again = service_client.post(DAILY_URL).json()

    assert (again["created"], again["existing"], again["queued"]) == (0, 4, 0)
    assert len(daily_requests()) == 4
    assert broker.ready() == 4


def test_athletes_who_have_todays_daily_request_count_as_existing(service_client, athletes, broker):
    for athlete in athletes[:2]:
        make_wod_request(user=athlete, source=WodRequest.Source.DAILY)
    # A WOD the athlete asked for is not the daily one.
    make_wod_request(user=athletes[2], source=WodRequest.Source.USER)

    counts = service_client.post(DAILY_URL).json()

    assert (counts["created"], counts["existing"], counts["queued"]) == (2, 2, 2)
    assert len(daily_requests()) == 4


def test_a_run_that_raced_another_inserts_no_duplicate_and_counts_only_its_own_rows(
    service_client, athletes, broker, monkeypatch
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

    counts = service_client.post(DAILY_URL).json()

    assert (counts["created"], counts["existing"]) == (3, 1)
    assert len(daily_requests()) == 4


def test_the_service_account_that_calls_it_gets_no_daily_request(service_client, athletes, broker):
    counts = service_client.post(DAILY_URL).json()

    assert counts["created"] == 4
    assert not WodRequest.objects.filter(user__email=settings.COACH_SERVICE_EMAIL).exists()


def test_only_the_daily_wods_permission_lets_a_caller_ask_for_everyones_daily_wod(
    anonymous_client, api_client, staff_client, athletes, broker
):
    # Staff status alone is not enough: the service account is no staff, and staff need
    # the permission too.
    assert anonymous_client.post(DAILY_URL).status_code == 401
    assert api_client.post(DAILY_URL).status_code == 403
    assert staff_client.post(DAILY_URL).status_code == 403
    assert daily_requests() == []
    assert broker.ready() == 0


def test_a_superuser_holds_the_permission_too(make_user, athletes, broker):
    superuser = make_user(is_staff=True, is_superuser=True)

    assert client_for(superuser).post(DAILY_URL).status_code == 202


def test_input_is_refused_with_a_400_rather_than_ignored(service_client, athletes, broker):
    response = service_client.post(DAILY_URL, {"for_date": "2026-01-01"}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This endpoint takes no input: it always serves today."]
    }
    assert daily_requests() == []


def test_with_the_broker_down_the_daily_requests_stay_pending_for_the_relay(
    service_client, athletes, broker, settings
):
    reachable_broker = settings.AMQP_URL
    settings.AMQP_URL = UNREACHABLE_BROKER

    counts = service_client.post(DAILY_URL).json()

    assert (counts["created"], counts["queued"]) == (4, 0)
    assert {request.status for request in daily_requests()} == {WodRequest.Status.PENDING}

    settings.AMQP_URL = reachable_broker
    call_command("publish_pending_wods", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert {request.status for request in daily_requests()} == {WodRequest.Status.QUEUED}
    assert broker.ready() == 4


def test_athletes_beyond_one_insert_and_one_publish_batch_are_all_served(
    service_client, make_user, broker, catalogue, monkeypatch
):
    monkeypatch.setattr(services, "DAILY_INSERT_BATCH_SIZE", 3)
    monkeypatch.setattr(services, "PUBLISH_BATCH_SIZE", 4)
    for _ in range(9):
        make_user()

    counts = service_client.post(DAILY_URL).json()
    run_consumer(max_messages=9)

    # Nine athletes; the service account calling is none.
    assert (counts["created"], counts["queued"]) == (9, 9)
    assert Wod.objects.filter(request__source=WodRequest.Source.DAILY).count() == 9


def test_inside_another_transaction_the_daily_requests_refuse_to_run(athletes, broker):
    # Their messages may only go out once the rows are committed, which an outer transaction
    # would hold back: the service says so rather than report what it cannot know.
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        services.wod_requests_create_daily()

    assert daily_requests() == []
    assert broker.ready() == 0
