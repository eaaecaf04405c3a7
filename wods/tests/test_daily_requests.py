"""`POST /api/wods/requests/daily/`: one daily request per due athlete, published at once, a
page of users per call.

Whose day has begun, zone by zone and hour by hour, is `test_daily_time_zones.py`'s subject;
here every athlete is due (WOD_DAILY_LOCAL_HOUR=0) and on the server's clock."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core import signing
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from testing.clients import client_for
from testing.consumers import run_consumer
from wods import services
from wods.models import Wod, WodRequest
from wods.serializers import DailyCursorField
from wods.tests.factories import make_wod_request

DAILY_URL = "/api/wods/requests/daily/"
UNREACHABLE_BROKER = "amqp://guest:guest@127.0.0.1:1/%2F"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def every_athlete_is_due(settings):
    settings.WOD_DAILY_LOCAL_HOUR = 0


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
    body = response.json()
    assert today.isoformat() in body.pop("for_dates")
    assert datetime.datetime.fromisoformat(body.pop("as_of")) <= timezone.now()
    assert body == {"created": 4, "existing": 0, "queued": 4, "next_cursor": None}
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
    # Both runs saw every athlete of the page without a request; the other one inserted the
    # first row meanwhile.
    due = {timezone.localdate(): [settings.TIME_ZONE]}
    seen = services.wod_daily_page(due=due, after=0, size=100)
    make_wod_request(user=athletes[0], source=WodRequest.Source.DAILY)
    monkeypatch.setattr(services, "wod_daily_page", lambda **page: seen)

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


def test_unknown_input_is_refused_with_a_400_rather_than_ignored(service_client, athletes, broker):
    response = service_client.post(DAILY_URL, {"for_date": "2026-01-01"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"for_date": ["Unknown field."]}
    assert daily_requests() == []


@pytest.mark.parametrize(
    "body",
    [{"cursor": "made-up"}, {"cursor": 12}, {"page_size": 0}, {"page_size": 50_001}],
)
def test_a_cursor_it_did_not_give_or_a_page_size_out_of_bounds_is_a_400(
    service_client, athletes, broker, body
):
    response = service_client.post(DAILY_URL, body, format="json")

    assert response.status_code == 400
    assert set(response.json()) == set(body)
    assert daily_requests() == []


def test_pages_follow_user_ids_each_answer_naming_the_next_until_the_last(
    service_client, athletes, broker
):
    # Six users: the five of `athletes` (one who left) and the service account.
    pages, cursor = [], None
    while True:
        page = service_client.post(DAILY_URL, {"cursor": cursor, "page_size": 2}, format="json")
        assert page.status_code == 202
        pages.append(page.json())
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break

    assert len(pages) in (3, 4)  # the last full page may be followed by an empty one
    assert sum(page["created"] for page in pages) == sum(page["queued"] for page in pages) == 4
    assert sorted(request.user.email for request in daily_requests()) == sorted(
        athlete.email for athlete in athletes
    )
    assert broker.ready() == 4


def test_a_run_started_over_serves_only_what_the_first_one_left(
    service_client, athletes, make_user, broker
):
    first = service_client.post(DAILY_URL, {"page_size": 3}, format="json").json()
    latecomer = make_user(email="late@example.com")

    pages, cursor = [], None
    while cursor is not None or not pages:
        pages.append(
            service_client.post(DAILY_URL, {"cursor": cursor, "page_size": 3}, format="json").json()
        )
        cursor = pages[-1]["next_cursor"]

    served_again = sum(page["created"] for page in pages)
    assert first["created"] + served_again == 5
    assert sum(page["existing"] for page in pages) == first["created"]
    assert WodRequest.objects.filter(user=latecomer, source="daily").count() == 1
    assert broker.ready() == 5


def test_a_cursor_keeps_the_instant_its_run_began_past_midnight(service_client, athletes, broker):
    began = timezone.now() - datetime.timedelta(days=1)
    cursor = DailyCursorField.make(as_of=began, last_user_id=0)

    page = service_client.post(DAILY_URL, {"cursor": cursor}, format="json").json()

    yesterday = timezone.localdate(began)
    assert datetime.datetime.fromisoformat(page["as_of"]) == began
    assert {request.for_date for request in daily_requests()} == {yesterday}


def test_a_cursor_of_the_runs_that_served_one_date_is_refused(service_client, athletes, broker):
    # Issue 17's cursors carried a date: the run they belong to starts over, as any can.
    cursor = signing.dumps([timezone.localdate().isoformat(), 0], salt=DailyCursorField.SALT)

    response = service_client.post(DAILY_URL, {"cursor": cursor}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"cursor"}
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


def test_a_page_beyond_one_publish_batch_is_served_whole(
    service_client, make_user, broker, catalogue, monkeypatch
):
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
