"""`coaching.day.plan_day`: the rest rhythm, the intensity of a day, fatigue and when a
benchmark is due and which."""

import dataclasses
import datetime
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coaching.athlete import AthleteProfile
from coaching.benchmarks import Benchmark
from coaching.day import (
    REST_DAY_REQUESTED,
    benchmark_choose,
    benchmark_day_ahead,
    benchmark_due,
    benchmark_fits,
    is_training_day,
    next_chance,
    next_training_day,
    plan_day,
)
from coaching.history import History, PastWod
from coaching.vocabulary import Intensity, ScoreType, WodFormat

MONDAY = datetime.date(2026, 1, 5)


def days(start: datetime.date, count: int) -> list[datetime.date]:
    return [start + datetime.timedelta(days=n) for n in range(count)]


def athlete(training_days: int = 5, equipment=("barbell", "pull_up_bar")) -> AthleteProfile:
    return AthleteProfile(
        goal="general_fitness",
        level="intermediate",
        equipment=frozenset(equipment),
        training_days_per_week=training_days,
    )


def benchmark(slug: str, equipment=("barbell",)) -> Benchmark:
    return Benchmark(
        slug=slug,
        name=slug.title(),
        hero=False,
        format=WodFormat.DESCENDING,
        score_type=ScoreType.TIME,
        rx="",
        scaled="",
        movements=(),
        equipment=frozenset(equipment),
    )


def past(day: datetime.date, *, intensity=Intensity.MODERATE, benchmark="") -> PastWod:
    return PastWod(
        for_date=day, exercise_ids=(1,), format="for_time", intensity=intensity, benchmark=benchmark
    )


def week_of_sessions(before: datetime.date) -> tuple[PastWod, ...]:
    """Seven moderate sessions on the days before `before`, most recent first."""
    return tuple(past(before - datetime.timedelta(days=n)) for n in range(1, 8))


@pytest.mark.parametrize("training_days", [3, 4, 5, 6])
def test_any_seven_consecutive_days_hold_exactly_the_training_days(training_days):
    profile = athlete(training_days)
    trains = [is_training_day(profile=profile, day=d) for d in days(MONDAY, 35)]

    for start in range(len(trains) - 6):
        assert sum(trains[start : start + 7]) == training_days


@given(
    st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 1, 1)), st.integers(3, 6), st.booleans()
)
def test_a_rest_day_is_exactly_a_daily_session_off_the_rhythm_and_heavy_never_follows_heavy(
    start, training_days, requested
):
    profile = athlete(training_days)
    plans = [
        plan_day(profile=profile, history=History(), day=d, requested=requested)
        for d in days(start, 7)
    ]

    assert sum(not p.rest for p in plans) == (7 if requested else training_days)
    assert all((p.intensity == Intensity.RECOVERY) == p.rest for p in plans)
    for yesterday, today in itertools.pairwise(plans):
        assert not (yesterday.intensity == today.intensity == Intensity.HEAVY)


@pytest.mark.parametrize("training_days", [3, 4, 5])
def test_no_more_than_three_training_days_run_in_a_row_when_the_count_allows(training_days):
    profile = athlete(training_days)
    run = longest = 0
    for day in days(MONDAY, 28):
        run = run + 1 if is_training_day(profile=profile, day=day) else 0
        longest = max(longest, run)

    assert longest <= 3


def test_a_daily_request_on_a_rest_day_is_a_rest_day():
    thursday = MONDAY + datetime.timedelta(days=3)

    plan = plan_day(profile=athlete(5), history=History(), day=thursday, requested=False)

    assert plan.rest
    assert plan.intensity == Intensity.RECOVERY
    assert plan.benchmark == ""


def test_the_athletes_own_request_on_a_rest_day_is_a_light_session_that_says_why():
    sunday = MONDAY + datetime.timedelta(days=6)

    plan = plan_day(profile=athlete(5), history=History(), day=sunday, requested=True)

    assert not plan.rest
    assert plan.intensity == Intensity.LIGHT
    assert plan.reason == REST_DAY_REQUESTED


@pytest.mark.parametrize("training_days", [3, 4, 5, 6])
def test_heavy_and_light_days_alternate_and_heavy_never_follows_heavy(training_days):
    profile = athlete(training_days)
    plans = [
        plan_day(profile=profile, history=History(), day=d, requested=False)
        for d in days(MONDAY, 14)
    ]

    for yesterday, today in itertools.pairwise(plans):
        assert not (yesterday.intensity == today.intensity == Intensity.HEAVY)
    assert {p.intensity for p in plans if not p.rest} == {
        Intensity.HEAVY,
        Intensity.MODERATE,
        Intensity.LIGHT,
    }


@pytest.mark.parametrize(
    ("training_days", "week"),
    [
        (3, "HrMrLrr"),
        (4, "HMrLHrr"),
        (5, "HMLrHMr"),
        (6, "HMLHMLr"),
    ],
)
def test_each_week_turns_through_heavy_moderate_and_light_on_the_same_weekdays(training_days, week):
    letters = {Intensity.HEAVY: "H", Intensity.MODERATE: "M", Intensity.LIGHT: "L"}
    profile = athlete(training_days)
    for monday in (MONDAY, MONDAY + datetime.timedelta(weeks=1)):
        plans = [
            plan_day(profile=profile, history=History(), day=d, requested=False)
            for d in days(monday, 7)
        ]
        assert "".join("r" if p.rest else letters[p.intensity] for p in plans) == week


def test_a_day_after_a_heavy_session_is_not_heavy_whatever_the_calendar_says():
    friday = MONDAY + datetime.timedelta(days=4)  # the first of a run: heavy by the calendar
    history = History(recent=(past(friday - datetime.timedelta(days=1), intensity="heavy"),))

    plan = plan_day(profile=athlete(5), history=history, day=friday, requested=False)

    assert plan.intensity == Intensity.MODERATE


def test_a_fatigued_athlete_gets_a_light_day_with_the_reason_in_words():
    history = History(acute_chronic=1.45)

    plan = plan_day(profile=athlete(5), history=history, day=MONDAY, requested=False)

    assert plan.intensity == Intensity.LIGHT
    assert "1.4x your 4-week average" in plan.reason
    assert plan.benchmark == ""


def test_a_ratio_at_the_threshold_changes_nothing():
    plan = plan_day(
        profile=athlete(5), history=History(acute_chronic=1.3), day=MONDAY, requested=False
    )

    assert plan.intensity == Intensity.HEAVY
    assert plan.reason == ""


def test_a_benchmark_is_due_three_weeks_after_the_last_and_programmed_on_a_heavy_day():
    fran = benchmark("fran")
    last = MONDAY - datetime.timedelta(days=21)
    history = History(recent=week_of_sessions(MONDAY), benchmarks={"grace": last})

    heavy = plan_day(
        profile=athlete(5), history=history, day=MONDAY, requested=False, benchmarks=[fran]
    )
    moderate = plan_day(
        profile=athlete(5),
        history=history,
        day=MONDAY + datetime.timedelta(days=1),
        requested=False,
        benchmarks=[fran],
    )

    assert heavy.benchmark == "fran"
    assert moderate.benchmark == ""


def test_no_benchmark_within_three_weeks_of_the_last_one():
    history = History(benchmarks={"grace": MONDAY - datetime.timedelta(days=20)})

    assert not benchmark_due(history=history, day=MONDAY)
    assert benchmark_due(history=history, day=MONDAY + datetime.timedelta(days=1))


def test_a_new_athlete_gets_a_first_benchmark_once_they_have_a_week_of_sessions():
    assert not benchmark_due(history=History(), day=MONDAY)
    assert not benchmark_due(history=History(recent=week_of_sessions(MONDAY)[:6]), day=MONDAY)
    assert benchmark_due(history=History(recent=week_of_sessions(MONDAY)), day=MONDAY)


def test_only_a_benchmark_the_athletes_equipment_allows_is_chosen():
    isabel = benchmark("isabel", equipment=("barbell",))
    annie = benchmark("annie", equipment=("jump_rope",))

    chosen = benchmark_choose(
        profile=athlete(5, equipment=("jump_rope",)),
        history=History(),
        day=MONDAY,
        benchmarks=[isabel, annie],
    )

    assert chosen == "annie"


def test_the_same_benchmark_is_not_repeated_within_four_weeks():
    fran = benchmark("fran")
    history = History(benchmarks={"fran": MONDAY - datetime.timedelta(days=27)})

    assert benchmark_choose(profile=athlete(), history=history, day=MONDAY, benchmarks=[fran]) == ""
    later = MONDAY + datetime.timedelta(days=1)
    assert benchmark_choose(profile=athlete(), history=history, day=later, benchmarks=[fran]) == (
        "fran"
    )


def test_a_logged_benchmark_is_retested_the_oldest_first_before_a_new_one():
    fran, grace, diane = benchmark("fran"), benchmark("grace"), benchmark("diane")
    history = History(
        benchmarks={
            "fran": MONDAY - datetime.timedelta(days=50),
            "grace": MONDAY - datetime.timedelta(days=40),
        },
        benchmark_scores={"fran": "4:12 Rx", "grace": "3:30 Rx"},
    )

    chosen = benchmark_choose(
        profile=athlete(), history=history, day=MONDAY, benchmarks=[diane, grace, fran]
    )

    assert chosen == "fran"


def test_without_a_logged_score_a_new_benchmark_comes_before_a_repeat():
    fran, grace = benchmark("fran"), benchmark("grace")
    history = History(benchmarks={"fran": MONDAY - datetime.timedelta(days=50)})

    chosen = benchmark_choose(
        profile=athlete(), history=history, day=MONDAY, benchmarks=[fran, grace]
    )

    assert chosen == "grace"


def test_the_next_training_day_skips_the_rest_days():
    wednesday = MONDAY + datetime.timedelta(days=2)

    assert next_training_day(profile=athlete(5), day=wednesday) == wednesday + datetime.timedelta(
        days=2
    )
    assert next_training_day(profile=athlete(3), day=MONDAY) == wednesday


def test_the_week_looks_past_a_likely_benchmark_day_to_the_next_chance():
    friday = MONDAY + datetime.timedelta(days=4)
    next_monday = MONDAY + datetime.timedelta(days=7)
    due = History(benchmarks={"grace": MONDAY - datetime.timedelta(days=20)})
    not_yet = History(benchmarks={"grace": MONDAY - datetime.timedelta(days=10)})
    fran = benchmark("fran")

    assert next_chance(profile=athlete(3), history=due, day=friday, benchmarks=[fran]) == (
        next_monday + datetime.timedelta(days=2)
    )
    assert next_chance(profile=athlete(3), history=not_yet, day=friday, benchmarks=[fran]) == (
        next_monday
    )
    no_bar = athlete(3, equipment=("rower",))
    assert next_chance(profile=no_bar, history=due, day=friday, benchmarks=[fran]) == next_monday


def test_a_new_athletes_first_benchmark_day_is_foreseen_counting_a_session_a_day():
    saturday = MONDAY + datetime.timedelta(days=5)
    history = History(recent=week_of_sessions(saturday)[:5])
    next_monday = MONDAY + datetime.timedelta(days=7)

    assert benchmark_day_ahead(profile=athlete(5), history=history, today=saturday, day=next_monday)
    tuesday = next_monday + datetime.timedelta(days=1)
    assert not benchmark_day_ahead(profile=athlete(5), history=history, today=saturday, day=tuesday)


def test_a_benchmark_fits_an_athlete_who_can_do_each_movement_or_its_substitute():
    from coaching.tests import handmade

    catalogue = {row.id: row for row in handmade.CATALOGUE}
    by_name = {row.name: row for row in handmade.CATALOGUE}
    fran = dataclasses.replace(benchmark("fran"), movements=("Thruster", "Pull-Up"))
    fran = dataclasses.replace(fran, equipment=frozenset({"barbell", "pull_up_bar"}))
    garage = athlete(5, equipment=("barbell", "pull_up_bar"))

    def fits(profile, bench=fran, rows=catalogue):
        names = {row.name: row for row in rows.values()}
        return benchmark_fits(bench, profile=profile, catalogue=rows, by_name=names)

    assert fits(garage)
    assert not fits(athlete(5, equipment=("barbell",))), "no pull-up bar"
    beginner = dataclasses.replace(garage, level="beginner")
    assert not fits(beginner), "a beginner does no pull-ups and the catalogue has no substitute"
    ring_rows = dataclasses.replace(
        by_name["Pull-Up"], beginner_substitute_id=by_name["Ring Row"].id
    )
    with_substitute = {**catalogue, ring_rows.id: ring_rows}
    beginner_with_rings = dataclasses.replace(beginner, equipment=beginner.equipment | {"rings"})
    assert fits(beginner_with_rings, rows=with_substitute)
    run = dataclasses.replace(fran, movements=("Run",), equipment=frozenset())
    assert not fits(dataclasses.replace(garage, space=frozenset()), bench=run), "no lane"
