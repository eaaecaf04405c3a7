"""`/api/benchmarks/`: every named benchmark with the caller's best Rx and scaled results."""

import datetime

import pytest

from coaching.benchmarks import BENCHMARKS
from wods.models import Wod
from wods.tests.factories import make_result, make_wod_as

pytestmark = pytest.mark.django_db

LIST_URL = "/api/benchmarks/"
DAY = datetime.date(2026, 9, 1)


def fran(user, *, days_later: int = 0) -> Wod:
    for_date = DAY + datetime.timedelta(days=days_later)
    wod = make_wod_as(
        user=user,
        format="descending",
        minutes=10,
        rounds=3,
        for_date=for_date,
        movements=[("Thruster", {"reps": 21, "load_kg": 43}), ("Pull-Up", {"reps": 21})],
    )
    Wod.objects.filter(pk=wod.pk).update(benchmark="fran", rep_scheme="21-15-9", score_type="time")
    wod.refresh_from_db()
    return wod


def noon(wod: Wod) -> datetime.datetime:
    return datetime.datetime.combine(wod.for_date, datetime.time(12), datetime.UTC)


def by_slug(response) -> dict[str, dict]:
    assert response.status_code == 200, response.content
    return {row["slug"]: row for row in response.json()}


def test_every_benchmark_is_listed_with_its_rx_and_scaled_versions(api_client):
    rows = by_slug(api_client.get(LIST_URL))

    assert len(BENCHMARKS) >= 12
    assert list(rows) == [benchmark.slug for benchmark in BENCHMARKS]
    assert rows["fran"]["name"] == "Fran"
    assert rows["fran"]["score_type"] == "time"
    assert all(row["rx"] and row["scaled"] for row in rows.values())
    assert [row for row in rows.values() if row["hero"]]
    assert all(row["results"] == 0 and row["best_rx"] is None for row in rows.values())


def test_the_best_rx_and_best_scaled_results_are_shown_with_their_dates(
    api_client, user, catalogue
):
    first, second, third = (fran(user, days_later=days) for days in (0, 30, 60))
    make_result(wod=first, time_seconds=420, rpe=9, performed_at=noon(first))
    best = make_result(wod=second, time_seconds=395, rpe=8, performed_at=noon(second))
    make_result(wod=third, time_seconds=410, performed_at=noon(third))
    scaled = make_result(wod=third, rx=False, time_seconds=300, performed_at=noon(third))

    row = by_slug(api_client.get(LIST_URL))["fran"]

    assert row["results"] == 4
    assert row["last_done_on"] == "2026-10-31"
    assert row["best_rx"]["score"] == "6:35"
    assert row["best_rx"]["performed_on"] == "2026-10-01"
    assert row["best_rx"]["result"].endswith(f"/api/results/{best.pk}/")
    assert row["best_rx"]["wod"].endswith(f"/api/wods/{second.pk}/")
    assert row["best_scaled"]["score"] == "5:00"
    assert row["best_scaled"]["result"].endswith(f"/api/results/{scaled.pk}/")


def test_a_finished_time_beats_a_capped_one(api_client, user, catalogue):
    wod = fran(user)
    make_result(wod=wod, reps=80, performed_at=noon(wod))
    make_result(wod=wod, time_seconds=590, performed_at=noon(wod))

    assert by_slug(api_client.get(LIST_URL))["fran"]["best_rx"]["score"] == "9:50"


def test_another_athletes_results_are_not_yours(api_client, other_user, catalogue):
    wod = fran(other_user)
    make_result(wod=wod, time_seconds=300, performed_at=noon(wod))

    row = by_slug(api_client.get(LIST_URL))["fran"]

    assert (row["results"], row["best_rx"], row["last_done_on"]) == (0, None, None)


def test_one_benchmark_by_its_slug_and_an_unknown_one_is_a_404(api_client):
    assert api_client.get(f"{LIST_URL}fran/").json()["name"] == "Fran"
    assert api_client.get(f"{LIST_URL}jogging/").status_code == 404


def test_benchmarks_need_a_token(anonymous_client):
    assert anonymous_client.get(LIST_URL).status_code == 401


def test_a_format_suffix_answers_and_a_slug_with_a_dot_is_a_404(api_client):
    assert api_client.get("/api/benchmarks.json").status_code == 200
    assert api_client.get(f"{LIST_URL}fran.json").json()["name"] == "Fran"
    assert api_client.get(f"{LIST_URL}0.5/").status_code == 404
