"""Results: logging one for one's own WOD, reading, changing and deleting them, the weekly
stats; every bad input a 400 naming its field, every other athlete's WOD or result a 404."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wods.models import WodResult
from wods.tests.factories import make_result, make_wod_as

pytestmark = pytest.mark.django_db

RESULTS_URL = "/api/results/"
ZONE = "Australia/Sydney"
HALF_HOUR = datetime.timedelta(minutes=30)


def results_url(wod) -> str:
    return f"/api/wods/{wod.pk}/results/"


def result_url(result) -> str:
    return f"{RESULTS_URL}{result.pk}/"


@pytest.fixture
def for_time(user, catalogue):
    """3 rounds of 15 thrusters and 15 pull-ups, capped at 10 minutes: 90 reps, 27 s at least."""
    return make_wod_as(
        user=user,
        format="for_time",
        minutes=10,
        rounds=3,
        movements=[("Thruster", {"reps": 15, "load_kg": 43}), ("Pull-Up", {"reps": 15})],
    )


@pytest.fixture
def amrap(user, catalogue):
    """AMRAP 10 of 5 pull-ups, 10 push-ups, 15 air squats: at most 66 rounds."""
    return make_wod_as(
        user=user,
        format="amrap",
        minutes=10,
        movements=[
            ("Pull-Up", {"reps": 5}),
            ("Push-Up", {"reps": 10}),
            ("Air Squat", {"reps": 15}),
        ],
    )


@pytest.fixture
def emom(user, catalogue):
    """EMOM 10, 10 burpees and 12 calories of rowing in turn: 110 reps in all."""
    return make_wod_as(
        user=user,
        format="emom",
        minutes=10,
        movements=[("Burpee", {"reps": 10}), ("Row", {"calories": 12})],
    )


@pytest.fixture
def theirs(other_user, catalogue):
    return make_wod_as(
        user=other_user,
        format="for_time",
        minutes=10,
        rounds=3,
        movements=[("Burpee", {"reps": 10})],
    )


# Logging a result
# ------------------------------------------------------------------------------


def test_a_for_time_result_is_logged_with_a_201_in_the_wods_score_type(api_client, for_time):
    response = api_client.post(
        results_url(for_time),
        {"time_seconds": 412, "rx": True, "rpe": 8, "notes": "Unbroken thrusters."},
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    result = WodResult.objects.get()
    assert body["id"] == result.pk
    assert body["url"].endswith(result_url(result))
    assert body["wod_url"].endswith(f"/api/wods/{for_time.pk}/")
    assert (body["wod_id"], body["wod_format"], body["score_type"]) == (
        for_time.pk,
        "for_time",
        "time",
    )
    assert (body["time_seconds"], body["capped"], body["rx"], body["rpe"]) == (412, False, True, 8)
    assert (result.user, result.notes) == (for_time.user, "Unbroken thrusters.")


def test_a_capped_for_time_is_logged_with_the_reps_done_at_the_cap(api_client, for_time):
    response = api_client.post(results_url(for_time), {"reps": 75, "rx": True}, format="json")

    assert response.status_code == 201, response.content
    assert (response.json()["time_seconds"], response.json()["reps"]) == (None, 75)
    assert response.json()["capped"] is True


def test_an_amrap_is_logged_in_rounds_and_reps_and_an_emom_in_reps(api_client, amrap, emom):
    amrap_result = api_client.post(
        results_url(amrap),
        {"rounds": 9, "reps": 12, "rx": False, "scale": "foundations"},
        format="json",
    )
    emom_result = api_client.post(results_url(emom), {"reps": 104, "rx": True}, format="json")

    assert amrap_result.status_code == emom_result.status_code == 201
    assert amrap_result.json()["score_type"] == "rounds_reps"
    assert (amrap_result.json()["rounds"], amrap_result.json()["scale"]) == (9, "foundations")
    assert (emom_result.json()["score_type"], emom_result.json()["reps"]) == ("reps", 104)


def test_a_result_is_performed_now_unless_it_says_when(api_client, for_time):
    before = timezone.now()
    now = api_client.post(results_url(for_time), {"time_seconds": 400, "rx": True}, format="json")
    earlier = api_client.post(
        results_url(for_time),
        {"time_seconds": 420, "rx": True, "performed_at": "2026-01-05T06:30:00+11:00"},
        format="json",
    )

    performed = datetime.datetime.fromisoformat(now.json()["performed_at"])
    assert before <= performed <= timezone.now()
    assert datetime.datetime.fromisoformat(earlier.json()["performed_at"]) == datetime.datetime(
        2026, 1, 4, 19, 30, tzinfo=datetime.UTC
    )


@pytest.mark.parametrize(
    ("wod", "body", "field"),
    [
        ("for_time", {"rounds": 3}, "rounds"),
        ("for_time", {"time_seconds": 400, "calories": 20}, "calories"),
        ("for_time", {"load_kg": "60.0"}, "load_kg"),
        ("amrap", {"time_seconds": 400}, "time_seconds"),
        ("emom", {"rounds": 4}, "rounds"),
    ],
)
def test_a_score_of_another_type_is_a_400_naming_the_field(api_client, request, wod, body, field):
    response = api_client.post(
        results_url(request.getfixturevalue(wod)), {**body, "rx": True}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert "Not a score of this WOD" in response.json()[field][0]
    assert not WodResult.objects.exists()


@pytest.mark.parametrize(
    ("wod", "body", "field", "message"),
    [
        ("for_time", {"time_seconds": 3}, "time_seconds", "Faster than humanly possible"),
        ("for_time", {"time_seconds": 601}, "time_seconds", "Past the 10-minute cap"),
        ("for_time", {"reps": 90}, "reps", "a finished WOD is scored by its time"),
        ("for_time", {"time_seconds": 400, "reps": 20}, "time_seconds", "not both"),
        ("for_time", {}, "time_seconds", "Required"),
        ("amrap", {"rounds": 500}, "rounds", "More rounds than the clock allows"),
        ("amrap", {"rounds": 5, "reps": 30}, "reps", "A round is 30 reps"),
        ("amrap", {"reps": 5}, "rounds", "Required"),
        ("emom", {"reps": 111}, "reps", "at most 110"),
    ],
)
def test_an_absurd_or_missing_score_is_a_400_naming_the_field(
    api_client, request, wod, body, field, message
):
    response = api_client.post(
        results_url(request.getfixturevalue(wod)), {**body, "rx": True}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert message in response.json()[field][0]
    assert not WodResult.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_seconds", -1),
        ("time_seconds", 0),
        ("rounds", -1),
        ("reps", -5),
        ("calories", -1),
        ("load_kg", "-20.0"),
        ("load_kg", "0.0"),
        ("rpe", 0),
        ("rpe", 11),
        ("rpe", "7"),
        ("rpe", 7.5),
        ("time_seconds", "400"),
        ("rx", "yes"),
        ("rx", None),
        ("notes", "x" * 2001),
        ("scale", "x" * 41),
        ("performed_at", "yesterday"),
        ("performed_at", "0001-01-01T00:00:00Z"),
        ("performed_at", "2025-11-01T08:00:00Z"),
    ],
)
def test_a_negative_out_of_range_or_mistyped_value_is_a_400_naming_the_field(
    api_client, amrap, field, value
):
    body = {"rounds": 5, "rx": True, field: value}

    response = api_client.post(results_url(amrap), body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not WodResult.objects.exists()


def test_rx_must_be_said(api_client, amrap):
    response = api_client.post(results_url(amrap), {"rounds": 5}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["rx"]


def test_notes_of_2000_characters_and_every_rpe_from_1_to_10_are_taken(api_client, amrap):
    for rpe in range(1, 11):
        response = api_client.post(
            results_url(amrap),
            {"rounds": 5, "rx": True, "rpe": rpe, "notes": "n" * 2000},
            format="json",
        )
        assert response.status_code == 201, response.content

    assert WodResult.objects.count() == 10


def test_a_result_performed_in_the_future_is_a_400(api_client, amrap):
    soon = timezone.now() + datetime.timedelta(minutes=1)
    later = timezone.now() + datetime.timedelta(hours=1)

    skewed = api_client.post(
        results_url(amrap),
        {"rounds": 5, "rx": True, "performed_at": soon.isoformat()},
        format="json",
    )
    future = api_client.post(
        results_url(amrap),
        {"rounds": 5, "rx": True, "performed_at": later.isoformat()},
        format="json",
    )

    assert skewed.status_code == 201  # a client clock a little ahead of the server's
    assert future.status_code == 400
    assert list(future.json()) == ["performed_at"]


def test_only_a_scaled_result_names_its_tier(api_client, amrap):
    response = api_client.post(
        results_url(amrap), {"rounds": 5, "rx": True, "scale": "scaled"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["scale"]


def test_an_unknown_field_is_a_400_naming_it(api_client, amrap):
    response = api_client.post(
        results_url(amrap), {"rounds": 5, "rx": True, "user": 2, "score": 5}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"score": ["Unknown field."], "user": ["Unknown field."]}


def test_another_athletes_wod_is_a_404_and_nothing_is_logged(api_client, theirs):
    response = api_client.post(
        results_url(theirs), {"time_seconds": 400, "rx": True}, format="json"
    )

    assert response.status_code == 404
    assert not WodResult.objects.exists()


def test_logging_needs_a_token(anonymous_client, for_time):
    response = anonymous_client.post(
        results_url(for_time), {"time_seconds": 400, "rx": True}, format="json"
    )

    assert response.status_code == 401


# Idempotency
# ------------------------------------------------------------------------------


def test_a_retry_with_the_same_idempotency_key_returns_the_first_result(api_client, for_time):
    body = {"time_seconds": 400, "rx": True}

    first = api_client.post(results_url(for_time), body, format="json", HTTP_IDEMPOTENCY_KEY="r-1")
    again = api_client.post(
        results_url(for_time),
        {**body, "time_seconds": 500},
        format="json",
        HTTP_IDEMPOTENCY_KEY="r-1",
    )
    other = api_client.post(results_url(for_time), body, format="json", HTTP_IDEMPOTENCY_KEY="r-2")

    assert first.status_code == again.status_code == other.status_code == 201
    assert first.json() == again.json()
    assert again.json()["time_seconds"] == 400
    assert other.json()["id"] != first.json()["id"]
    assert WodResult.objects.count() == 2


def test_an_idempotency_key_is_the_athletes_own(api_client, other_client, for_time, theirs):
    mine = api_client.post(
        results_url(for_time),
        {"time_seconds": 400, "rx": True},
        format="json",
        HTTP_IDEMPOTENCY_KEY="same",
    )
    their = other_client.post(
        results_url(theirs),
        {"time_seconds": 400, "rx": True},
        format="json",
        HTTP_IDEMPOTENCY_KEY="same",
    )

    assert mine.status_code == their.status_code == 201
    assert mine.json()["id"] != their.json()["id"]


def test_a_key_already_used_for_another_wods_result_is_a_400(api_client, for_time, amrap):
    api_client.post(
        results_url(for_time),
        {"time_seconds": 400, "rx": True},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )

    response = api_client.post(
        results_url(amrap), {"rounds": 5, "rx": True}, format="json", HTTP_IDEMPOTENCY_KEY="k"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["Idempotency-Key"]
    assert WodResult.objects.count() == 1


def test_an_idempotency_key_past_255_characters_is_a_400(api_client, for_time):
    response = api_client.post(
        results_url(for_time),
        {"time_seconds": 400, "rx": True},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k" * 256,
    )

    assert response.status_code == 400
    assert list(response.json()) == ["Idempotency-Key"]
    assert not WodResult.objects.exists()


# Reading, changing, deleting
# ------------------------------------------------------------------------------


def at(day: str, hour: int = 7, zone: str = "UTC") -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T{hour:02}:00").replace(tzinfo=ZoneInfo(zone))


def test_results_are_listed_newest_first_and_only_the_callers(api_client, for_time, amrap, theirs):
    old = make_result(wod=for_time, time_seconds=400, performed_at=at("2026-11-02"))
    new = make_result(wod=amrap, rounds=8, performed_at=at("2026-11-20"))
    middle = make_result(wod=amrap, rounds=7, performed_at=at("2026-11-10"))
    make_result(wod=theirs, time_seconds=400, performed_at=at("2026-11-15"))

    response = api_client.get(RESULTS_URL)

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [new.pk, middle.pk, old.pk]


def test_results_filter_by_date_range_on_the_athletes_clock_and_by_format(
    api_client, user, for_time, amrap
):
    user.time_zone = "Australia/Sydney"
    user.save()
    # 23:30 on 9 November in Sydney is 12:30 UTC that day: a result of the 9th in Sydney.
    late = make_result(wod=amrap, rounds=5, performed_at=at("2026-11-09", 12, "UTC") + HALF_HOUR)
    next_day = make_result(wod=for_time, time_seconds=400, performed_at=at("2026-11-10", 7, ZONE))
    make_result(wod=amrap, rounds=5, performed_at=at("2026-11-12", 7, ZONE))

    def ids(**params) -> list[int]:
        response = api_client.get(RESULTS_URL, params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids(date_from="2026-11-09", date_to="2026-11-09") == [late.pk]
    assert ids(date_from="2026-11-09", date_to="2026-11-10") == [next_day.pk, late.pk]
    assert ids(date_to="2026-11-10", format="for_time") == [next_day.pk]


@pytest.mark.parametrize(
    "params", [{"date_from": "2026-02-30"}, {"format": "yoga"}, {"date_to": "tomorrow"}]
)
def test_a_bad_filter_is_a_400_naming_it(api_client, params):
    response = api_client.get(RESULTS_URL, params)

    assert response.status_code == 400
    assert list(response.json()) == list(params)


@pytest.mark.parametrize("zone", ["Australia/Sydney", "America/Los_Angeles"])
def test_dates_at_the_ends_of_the_calendar_filter_nothing_out(api_client, user, amrap, zone):
    user.time_zone = zone
    user.save()
    result = make_result(wod=amrap, rounds=5)

    response = api_client.get(RESULTS_URL, {"date_from": "0001-01-01", "date_to": "9999-12-31"})

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [result.pk]


def test_the_owner_reads_one_result(api_client, amrap):
    result = make_result(wod=amrap, rounds=9, reps=3, rpe=7)

    response = api_client.get(result_url(result))

    assert response.status_code == 200
    assert {key: response.json()[key] for key in ("rounds", "reps", "rpe", "wod_id")} == {
        "rounds": 9,
        "reps": 3,
        "rpe": 7,
        "wod_id": amrap.pk,
    }


def test_patch_changes_only_the_fields_given(api_client, amrap):
    result = make_result(wod=amrap, rounds=9, reps=3, rpe=7, notes="Fine.")

    response = api_client.patch(result_url(result), {"rpe": 9}, format="json")

    assert response.status_code == 200, response.content
    result.refresh_from_db()
    assert (result.rounds, result.reps, result.rpe, result.notes) == (9, 3, 9, "Fine.")


def test_patch_checks_the_score_as_it_stands_after_the_change(api_client, amrap, for_time):
    result = make_result(wod=amrap, rounds=9, reps=3)
    finished = make_result(wod=for_time, time_seconds=500)

    too_many = api_client.patch(result_url(result), {"reps": 30}, format="json")
    both = api_client.patch(result_url(finished), {"reps": 80}, format="json")
    capped = api_client.patch(
        result_url(finished), {"time_seconds": None, "reps": 80}, format="json"
    )

    assert too_many.status_code == both.status_code == 400
    assert list(too_many.json()) == ["reps"]
    assert list(both.json()) == ["time_seconds"]
    result.refresh_from_db()
    assert result.reps == 3
    assert capped.status_code == 200, capped.content
    assert (capped.json()["time_seconds"], capped.json()["reps"]) == (None, 80)
    assert capped.json()["capped"] is True


def test_patch_refuses_what_posting_refuses(api_client, amrap):
    result = make_result(wod=amrap, rounds=9)

    for body, field in [
        ({"rpe": 11}, "rpe"),
        ({"rounds": -1}, "rounds"),
        (
            {"performed_at": (timezone.now() + datetime.timedelta(days=1)).isoformat()},
            "performed_at",
        ),
        ({"scale": "scaled"}, "scale"),
        ({"wod": 1}, "wod"),
    ]:
        response = api_client.patch(result_url(result), body, format="json")
        assert response.status_code == 400, body
        assert list(response.json()) == [field]
    result.refresh_from_db()
    assert (result.rounds, result.rpe, result.scale) == (9, None, "")


def test_delete_removes_the_result_and_not_its_wod(api_client, amrap):
    result = make_result(wod=amrap, rounds=9)

    response = api_client.delete(result_url(result))

    assert response.status_code == 204
    assert not WodResult.objects.exists()
    amrap.refresh_from_db()


def test_another_athletes_result_is_a_404_to_read_change_or_delete(api_client, theirs):
    result = make_result(wod=theirs, time_seconds=400, rpe=5)

    assert api_client.get(result_url(result)).status_code == 404
    assert api_client.patch(result_url(result), {"rpe": 9}, format="json").status_code == 404
    assert api_client.delete(result_url(result)).status_code == 404
    result.refresh_from_db()
    assert result.rpe == 5


def test_every_result_route_takes_a_format_suffix_as_the_others_do(api_client, amrap):
    logged = api_client.post(
        f"/api/wods/{amrap.pk}/results.json", {"rounds": 5, "rx": True}, format="json"
    )
    url = f"{RESULTS_URL}{logged.json()['id']}.json"

    changed = api_client.patch(url, {"rpe": 6}, format="json")
    deleted = api_client.delete(url)

    assert (logged.status_code, changed.status_code, deleted.status_code) == (201, 200, 204)
    assert api_client.patch(f"{RESULTS_URL}0.5/", {}, format="json").status_code == 404


# The WOD shows its results
# ------------------------------------------------------------------------------


def test_a_wod_shows_its_results_in_the_api(api_client, amrap, for_time):
    result = make_result(wod=amrap, rounds=9, reps=3, rx=False, scale="scaled")

    wod = api_client.get(f"/api/wods/{amrap.pk}/").json()
    listed = {row["id"]: row for row in api_client.get("/api/wods/").json()["results"]}

    assert [(row["id"], row["rounds"], row["reps"], row["scale"]) for row in wod["results"]] == [
        (result.pk, 9, 3, "scaled")
    ]
    assert wod["results"][0]["url"].endswith(result_url(result))
    assert listed[amrap.pk]["results"] == wod["results"]
    assert listed[for_time.pk]["results"] == []


def test_the_browsable_api_shows_a_wods_results_and_a_form_to_log_one(user, amrap):
    client = Client()
    client.force_login(user)
    make_result(wod=amrap, rounds=9, reps=3, notes="Legs gone by round six.")

    wod_page = client.get(f"/api/wods/{amrap.pk}/", HTTP_ACCEPT="text/html").content.decode()
    form_page = client.get(results_url(amrap), HTTP_ACCEPT="text/html").content.decode()

    assert "Legs gone by round six." in wod_page
    assert 'name="rounds"' in form_page
    assert 'name="rpe"' in form_page
    result = WodResult.objects.get()
    for page in (RESULTS_URL, result_url(result)):
        response = client.get(page, HTTP_ACCEPT="text/html")
        assert response.status_code == 200
        assert "Legs gone by round six." in response.content.decode()
    detail = client.get(result_url(result), HTTP_ACCEPT="text/html").content.decode()
    # The PATCH form (raw JSON, as the browsable API gives PATCH) holds the fields to change.
    patch_form = re.search(r'<textarea[^>]*name="_content"[^>]*>(.*?)</textarea>', detail, re.S)[1]
    assert "&quot;rpe&quot;: null" in patch_form
    assert "wod_id" not in patch_form


# Weekly stats
# ------------------------------------------------------------------------------


def test_the_stats_give_twelve_weeks_on_the_athletes_clock(api_client, user, amrap, for_time):
    make_result(wod=amrap, rounds=8, reps=10, rpe=6)
    make_result(wod=for_time, time_seconds=450, rpe=8)

    response = api_client.get("/api/me/stats/")

    assert response.status_code == 200
    body = response.json()
    assert body["time_zone"] == user.time_zone
    assert len(body["weeks"]) == 12
    this_week = body["weeks"][-1]
    assert datetime.date.fromisoformat(this_week["week_start"]).weekday() == 0
    assert this_week["sessions"] == 2
    assert this_week["minutes"] == 17.5  # 10 of the AMRAP's clock, 7.5 of the For Time
    assert this_week["training_load"] == 10 * 6 + 7.5 * 8
    # AMRAP: 8 rounds (40 pull-ups, 80 push-ups, 120 squats) and 5 pull-ups, 5 push-ups.
    # For Time: 45 thrusters (weightlifting), 45 pull-ups.
    assert this_week["volume"]["gymnastics"] == {
        "reps": 45 + 85 + 120 + 45,
        "metres": 0,
        "calories": 0,
        "seconds": 0,
    }
    assert this_week["volume"]["weightlifting"]["reps"] == 45
    assert all(week["sessions"] == 0 for week in body["weeks"][:-1])


def test_the_stats_need_a_token(anonymous_client):
    assert anonymous_client.get("/api/me/stats/").status_code == 401


def test_the_browsable_apis_form_logs_a_result_with_its_empty_fields_left_out(user, amrap):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get(results_url(amrap), HTTP_ACCEPT="text/html")
    empty = dict.fromkeys(
        ["time_seconds", "reps", "load_kg", "calories", "scale", "rpe", "notes", "performed_at"],
        "",
    )

    response = client.post(
        results_url(amrap),
        {
            **empty,
            "rounds": "6",
            "rx": "true",
            "csrfmiddlewaretoken": page.cookies["csrftoken"].value,
        },
        HTTP_ACCEPT="text/html",
    )

    assert response.status_code == 201, response.content.decode()[-2000:]
    result = WodResult.objects.get()
    assert (result.rounds, result.reps, result.rx, result.rpe) == (6, None, True, None)


def test_listing_results_and_wods_costs_the_same_queries_whatever_the_number_of_results(
    api_client, amrap, for_time, django_assert_max_num_queries
):
    make_result(wod=amrap, rounds=5)
    with CaptureQueriesContext(connection) as one:
        api_client.get(RESULTS_URL)
        api_client.get("/api/wods/")
    for rounds in range(6, 16):
        make_result(wod=amrap, rounds=rounds)
        make_result(wod=for_time, time_seconds=400 + rounds)

    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(api_client.get(RESULTS_URL).json()["results"]) == 20
        wods = api_client.get("/api/wods/").json()["results"]
    assert sorted(len(wod["results"]) for wod in wods) == [10, 11]


def test_results_filter_by_benchmark(api_client, user, amrap, for_time):
    for_time.benchmark = "fran"
    for_time.save(update_fields=["benchmark"])
    fran = make_result(wod=for_time, time_seconds=400)
    make_result(wod=amrap, rounds=5)

    response = api_client.get(RESULTS_URL, {"benchmark": "fran"})

    assert [row["id"] for row in response.json()["results"]] == [fran.pk]
