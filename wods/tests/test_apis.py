import datetime
import json
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from exercises.models import Equipment
from testing.clients import client_for
from testing.consumers import run_consumer
from users.models import User
from wods.broker.messages import WodMessage
from wods.models import Wod, WodExercise, WodRequest, WodResult
from wods.services import wod_request_create, wod_requests_fulfil
from wods.tests.factories import (
    make_result,
    make_version_1_wod,
    make_wod,
    make_wod_as,
    make_wod_request,
)

REQUESTS_URL = "/api/wods/requests/"
UNREACHABLE_BROKER = "amqp://guest:guest@127.0.0.1:1/%2F"

pytestmark = pytest.mark.django_db(transaction=True)


def test_posting_a_request_answers_202_at_once_with_the_request_queued(api_client, broker):
    response = api_client.post(REQUESTS_URL, {}, format="json")

    assert response.status_code == 202
    body = response.json()
    assert set(body) == {"id", "status", "for_date", "url"}
    assert body["status"] == "queued"
    assert body["for_date"] == datetime.date.today().isoformat()
    assert body["url"].endswith(reverse("wod-request-detail", kwargs={"pk": body["id"]}))
    assert broker.ready() == 1


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "America/Los_Angeles"])
def test_a_request_without_a_date_is_for_today_on_the_athletes_own_clock(make_user, broker, zone):
    athlete = make_user(time_zone=zone)

    before = datetime.datetime.now(ZoneInfo(zone)).date()
    for_date = client_for(athlete).post(REQUESTS_URL, {}, format="json").json()["for_date"]
    after = datetime.datetime.now(ZoneInfo(zone)).date()

    assert datetime.date.fromisoformat(for_date) in {before, after}


def test_the_published_message_is_persistent_json_with_the_request_id(api_client, user, broker):
    request_id = api_client.post(REQUESTS_URL, {"for_date": "2026-12-01"}, format="json").json()[
        "id"
    ]

    with broker.channel() as channel:
        method, properties, body = channel.basic_get(broker.topology.queue)
        channel.basic_nack(method.delivery_tag, requeue=True)
    assert properties.delivery_mode == 2
    assert properties.content_type == "application/json"
    assert properties.message_id == request_id
    assert json.loads(body) == {
        "request_id": request_id,
        "user_email": user.email,
        "for_date": "2026-12-01",
    }


def test_a_retry_with_the_same_idempotency_key_returns_the_first_request(api_client, broker):
    first = api_client.post(REQUESTS_URL, {}, format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
    again = api_client.post(REQUESTS_URL, {}, format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
    other = api_client.post(REQUESTS_URL, {}, format="json", HTTP_IDEMPOTENCY_KEY="abc-2")

    assert first.json()["id"] == again.json()["id"] != other.json()["id"]
    assert WodRequest.objects.count() == 2
    assert broker.ready() == 2


def test_an_idempotency_key_is_scoped_to_its_user(api_client, other_client, broker):
    mine = api_client.post(REQUESTS_URL, {}, format="json", HTTP_IDEMPOTENCY_KEY="same")
    theirs = other_client.post(REQUESTS_URL, {}, format="json", HTTP_IDEMPOTENCY_KEY="same")

    assert mine.json()["id"] != theirs.json()["id"]


def test_a_bad_date_is_a_400_with_a_field_error(api_client, broker):
    response = api_client.post(REQUESTS_URL, {"for_date": "not-a-date"}, format="json")

    assert response.status_code == 400
    assert "for_date" in response.json()
    assert WodRequest.objects.count() == 0


def test_with_the_broker_down_the_request_is_accepted_pending_and_relayed_later(
    api_client, broker, settings
):
    reachable_broker = settings.AMQP_URL
    settings.AMQP_URL = UNREACHABLE_BROKER
    response = api_client.post(REQUESTS_URL, {}, format="json")

    assert response.status_code == 202
    assert response.json()["status"] == "pending"
    assert broker.ready() == 0

    settings.AMQP_URL = reachable_broker
    call_command("publish_pending_wods", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert WodRequest.objects.get().status == WodRequest.Status.QUEUED
    assert broker.ready() == 1


def test_the_relay_leaves_requests_younger_than_the_grace_period(user, broker, settings):
    settings.WOD_PENDING_GRACE_SECONDS = 60
    make_wod_request(user=user, status=WodRequest.Status.PENDING)

    call_command("publish_pending_wods", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert WodRequest.objects.get().status == WodRequest.Status.PENDING
    assert broker.ready() == 0


def test_a_request_is_done_with_its_wod_after_the_consumer_ran(api_client, broker, catalogue):
    request_id = api_client.post(REQUESTS_URL, {}, format="json").json()["id"]

    run_consumer(max_messages=1)

    detail = api_client.get(f"{REQUESTS_URL}{request_id}/").json()
    assert detail["status"] == "done"
    assert detail["attempts"] == 1
    wod = api_client.get(f"/api/wods/{detail['wod_id']}/").json()
    assert wod["request_id"] == request_id
    assert [movement["order"] for movement in wod["movements"]] == list(
        range(1, len(wod["movements"]) + 1)
    )
    assert wod["description"]


def test_a_wod_shows_its_stimulus_expected_time_and_both_loads(api_client, user, catalogue):
    user.equipment.set(Equipment.objects.all())
    wods = [make_wod(user=user, for_date=datetime.date(2026, 12, day)) for day in range(1, 11)]

    shown = [api_client.get(f"/api/wods/{wod.pk}/").json() for wod in wods]

    for wod, body in zip(wods, shown, strict=True):
        assert body["generator_version"] == 2
        assert body["stimulus"] == wod.stimulus != ""
        assert body["stimulus"] in body["description"]
        assert body["expected_seconds"] == wod.expected_seconds
        if body["format"] == "amrap":
            assert float(body["expected_rounds"]) >= 3
        else:
            assert body["expected_rounds"] is None
        for movement in body["movements"]:
            assert (movement["load_kg"] is None) == (movement["load_women_kg"] is None)
    assert any(m["load_women_kg"] for body in shown for m in body["movements"])


def test_a_wod_of_generator_version_1_stays_readable(api_client, user, catalogue):
    wod = make_version_1_wod(user=user)

    body = api_client.get(f"/api/wods/{wod.pk}/").json()

    assert body["generator_version"] == 1
    assert body["description"] == wod.description
    assert (body["stimulus"], body["expected_seconds"], body["expected_rounds"]) == ("", None, None)
    assert [(m["load_kg"], m["load_women_kg"]) for m in body["movements"]] == [
        (None, None),
        ("42.5", None),
    ]


def test_another_users_request_and_wod_are_404(api_client, other_client, broker, catalogue):
    request_id = api_client.post(REQUESTS_URL, {}, format="json").json()["id"]
    run_consumer(max_messages=1)
    wod_id = Wod.objects.get().pk

    assert other_client.get(f"{REQUESTS_URL}{request_id}/").status_code == 404
    assert other_client.get(f"/api/wods/{wod_id}/").status_code == 404
    assert other_client.get(REQUESTS_URL).json()["count"] == 0
    assert other_client.get("/api/wods/").json()["count"] == 0


def test_wods_are_listed_newest_first_and_filter_by_date_range(api_client, broker, catalogue):
    for day in ("2026-11-01", "2026-11-15", "2026-11-30"):
        api_client.post(REQUESTS_URL, {"for_date": day}, format="json")
    run_consumer(max_messages=3)

    listed = api_client.get("/api/wods/").json()
    ranged = api_client.get("/api/wods/", {"date_from": "2026-11-10", "date_to": "2026-11-20"})

    assert [wod["for_date"] for wod in listed["results"]] == [
        "2026-11-30",
        "2026-11-15",
        "2026-11-01",
    ]
    assert [wod["for_date"] for wod in ranged.json()["results"]] == ["2026-11-15"]


def test_the_wod_endpoints_need_a_token(anonymous_client, db):
    assert anonymous_client.get(REQUESTS_URL).status_code == 401
    assert anonymous_client.post(REQUESTS_URL, {}, format="json").status_code == 401
    assert anonymous_client.get("/api/wods/").status_code == 401


def test_wods_filter_by_format_rather_than_choosing_a_renderer(api_client, user, catalogue):
    requests = [make_wod_request(user=user) for _ in range(3)]
    wod_requests_fulfil(
        messages=[
            WodMessage(request_id=request.id, user_email=user.email, for_date=request.for_date)
            for request in requests
        ],
        attempts=[1, 1, 1],
    )
    amrap, *others = Wod.objects.order_by("pk")
    Wod.objects.filter(pk=amrap.pk).update(format="amrap")
    Wod.objects.filter(pk__in=[wod.pk for wod in others]).update(format="emom")

    response = api_client.get("/api/wods/", {"format": "amrap"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert [wod["id"] for wod in response.json()["results"]] == [amrap.pk]


def test_inside_another_transaction_a_request_refuses_to_be_created(user, broker):
    # Its message may only go out once the row is committed, which an outer transaction would
    # hold back.
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        wod_request_create(user=user)

    assert WodRequest.objects.count() == 0
    assert broker.ready() == 0


@pytest.mark.parametrize("max_deliveries", [2])
def test_an_athlete_sees_a_code_for_an_internal_error_and_the_admin_sees_the_detail(
    api_client, user, broker, catalogue, admin_client
):
    # An athlete row no generator can serve: generating raises an internal exception.
    User.objects.filter(pk=user.pk).update(goal="juggling")
    request_id = api_client.post(REQUESTS_URL, {}, format="json").json()["id"]

    run_consumer(max_messages=2)

    detail = api_client.get(f"{REQUESTS_URL}{request_id}/").json()
    listed = api_client.get(REQUESTS_URL).json()["results"][0]
    assert (detail["status"], detail["last_error"]) == ("dead", "generation_failed")
    assert listed["last_error"] == "generation_failed"
    assert "juggling" not in json.dumps(detail)
    admin_page = admin_client.get(reverse("admin:wods_wodrequest_change", args=[request_id]))
    assert "juggling" in admin_page.content.decode()


def test_an_athlete_sees_the_code_of_a_simulated_failure_and_none_before_any_failure(
    api_client, broker, catalogue
):
    request_id = api_client.post(REQUESTS_URL, {}, format="json").json()["id"]
    before = api_client.get(f"{REQUESTS_URL}{request_id}/").json()["last_error"]

    run_consumer(failure_rate=1.0, max_messages=1)

    after = api_client.get(f"{REQUESTS_URL}{request_id}/").json()["last_error"]
    assert (before, after) == ("", "simulated_failure")


def test_deleting_an_account_takes_its_requests_wods_and_results_along_and_no_one_elses(
    user, other_user, broker, catalogue
):
    for athlete in (user, other_user):
        wod = make_wod_as(
            user=athlete, format="amrap", minutes=10, movements=[("Burpee", {"reps": 10})]
        )
        make_result(wod=wod, rounds=5, rpe=7)
        make_wod(user=athlete)
        make_wod_request(user=athlete, status=WodRequest.Status.PENDING)

    response = client_for(user).delete(
        "/api/users/me/", {"password": "correct-horse-battery"}, format="json"
    )

    assert response.status_code == 204
    assert not WodRequest.objects.filter(user_id=user.pk).exists()
    assert not Wod.objects.filter(user_id=user.pk).exists()
    assert set(WodExercise.objects.values_list("wod__user_id", flat=True)) == {other_user.pk}
    assert set(WodResult.objects.values_list("user_id", "wod__user_id")) == {
        (other_user.pk, other_user.pk)
    }
    assert WodRequest.objects.filter(user=other_user).count() == 3
    assert Wod.objects.filter(user=other_user).count() == 2
