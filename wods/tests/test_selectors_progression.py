"""What an athlete's logged results tell the generator: loads that move with them, and the
acute:chronic ratio that calls for a lighter day."""

import datetime

import pytest

from wods.models import Wod
from wods.selectors import (
    LOAD_FACTOR_BOUNDS,
    MIN_CHRONIC_SPAN_DAYS,
    PROGRESSION_DAYS,
    wod_progressions,
)
from wods.tests.factories import make_result, make_wod_as

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 1)


def at(days_ago: int) -> datetime.datetime:
    """Noon UTC, `days_ago` days before TODAY."""
    day = TODAY - datetime.timedelta(days=days_ago)
    return datetime.datetime.combine(day, datetime.time(12), datetime.UTC)


def thrusters_and_pull_ups(user, days_ago: int, minutes: int = 12):
    return make_wod_as(
        user=user,
        format="for_time",
        minutes=minutes,
        rounds=3,
        for_date=TODAY - datetime.timedelta(days=days_ago),
        movements=[("Thruster", {"reps": 15, "load_kg": 43}), ("Pull-Up", {"reps": 10})],
    )


def log(user, days_ago: int, *, rx: bool = True, rpe: int | None, minutes: int = 12):
    wod = thrusters_and_pull_ups(user, days_ago, minutes)
    make_result(wod=wod, rx=rx, rpe=rpe, time_seconds=minutes * 50, performed_at=at(days_ago))


def test_easy_rx_results_raise_the_loads_of_their_movement_families(user, catalogue):
    log(user, 3, rpe=6)
    log(user, 1, rpe=7)

    [progression] = wod_progressions(until={user.pk: TODAY}).values()

    assert progression.load_factors == pytest.approx({"thruster": 1.1025, "pull_up": 1.1025})


@pytest.mark.parametrize(("rx", "rpe"), [(False, 6), (True, 9), (True, 10), (False, None)])
def test_a_scaled_or_very_hard_result_lowers_the_loads(user, catalogue, rx, rpe):
    log(user, 1, rx=rx, rpe=rpe)

    [progression] = wod_progressions(until={user.pk: TODAY}).values()

    assert progression.load_factors == pytest.approx({"thruster": 0.95, "pull_up": 0.95})


def test_a_hard_but_not_very_hard_rx_result_or_one_without_rpe_moves_nothing(user, catalogue):
    log(user, 2, rpe=8)
    log(user, 1, rpe=None)

    [progression] = wod_progressions(until={user.pk: TODAY}).values()

    assert progression.load_factors == {}


def test_loads_stay_within_their_bounds_however_many_easy_results(user, catalogue):
    for days_ago in range(1, 15):
        log(user, days_ago, rpe=5)

    [progression] = wod_progressions(until={user.pk: TODAY}).values()

    assert set(progression.load_factors.values()) == {LOAD_FACTOR_BOUNDS[1]}


def test_results_older_than_the_window_or_from_the_day_on_do_not_count(user, other_user, catalogue):
    log(user, PROGRESSION_DAYS + 1, rpe=5)
    log(other_user, 0, rpe=5)  # performed on the day of the WOD being generated

    assert wod_progressions(until={user.pk: TODAY, other_user.pk: TODAY}) == {}


def test_steady_training_is_a_ratio_of_one_and_a_hard_last_week_is_well_above(
    user, other_user, catalogue
):
    for days_ago in range(1, 29):
        log(user, days_ago, rpe=6)
        log(other_user, days_ago, rpe=6 if days_ago > 7 else 10)

    progressions = wod_progressions(until={user.pk: TODAY, other_user.pk: TODAY})

    assert progressions[user.pk].acute_chronic == pytest.approx(1.0, abs=0.03)
    assert progressions[other_user.pk].acute_chronic == pytest.approx(70 / 49, abs=0.03)


def test_too_short_a_log_gives_no_ratio(user, catalogue):
    for days_ago in range(MIN_CHRONIC_SPAN_DAYS - 2):
        log(user, days_ago, rpe=10)

    [progression] = wod_progressions(until={user.pk: TODAY}).values()

    assert progression.acute_chronic is None


def test_no_athlete_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert wod_progressions(until={}) == {}


def fran(user, days_ago: int):
    wod = make_wod_as(
        user=user,
        format="descending",
        minutes=10,
        rounds=3,
        for_date=TODAY - datetime.timedelta(days=days_ago),
        movements=[("Thruster", {"reps": 21, "load_kg": 43}), ("Pull-Up", {"reps": 21})],
    )
    Wod.objects.filter(pk=wod.pk).update(benchmark="fran", rep_scheme="21-15-9")
    wod.refresh_from_db()
    return wod


def test_the_last_score_of_each_benchmark_is_quoted_with_rx_and_date(user, other_user, catalogue):
    make_result(wod=fran(user, 60), time_seconds=400, rpe=9, performed_at=at(60))
    make_result(wod=fran(user, 30), rx=False, time_seconds=312, performed_at=at(30))
    make_result(wod=fran(other_user, 20), time_seconds=200, performed_at=at(20))
    make_result(wod=fran(user, -3), time_seconds=150, performed_at=at(-3))  # after the day

    progressions = wod_progressions(until={user.pk: TODAY})

    assert progressions[user.pk].benchmark_scores == {"fran": "5:12 scaled on 2026-10-02"}
