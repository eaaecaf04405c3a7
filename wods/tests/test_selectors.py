"""Reads the consumer relies on (each athlete's recent WODs), and results: score types, a
WOD's work, the weekly stats."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from coaching.catalogue import CatalogueExercise, PerLevel
from coaching.history import RECENT_WODS_CONSIDERED, History, PastWod
from coaching.vocabulary import Intensity, Measurement, Modality, ScoreType
from exercises.models import Exercise
from wods.models import Wod
from wods.scores import Piece
from wods.selectors import (
    STATS_WEEKS,
    wod_catalogue,
    wod_histories,
    wod_result_weekly_stats,
    wod_score_type,
    wod_work,
)
from wods.tests.factories import (
    make_result,
    make_session_wod,
    make_wod,
    make_wod_as,
    rest_day_session,
)

pytestmark = pytest.mark.django_db


def past(wod: Wod) -> PastWod:
    ids = wod.movements.order_by("order").values_list("exercise_id", flat=True)
    return PastWod(
        for_date=wod.for_date,
        exercise_ids=tuple(ids),
        format=wod.format,
        intensity=wod.intensity,
        benchmark=wod.benchmark,
    )


def test_the_history_holds_the_wods_the_generator_considers_most_recent_first(user, catalogue):
    first_day = datetime.date(2026, 11, 1)
    wods = [
        make_wod(user=user, for_date=first_day + datetime.timedelta(days=day))
        for day in range(RECENT_WODS_CONSIDERED + 2)
    ]

    histories = wod_histories(user_ids=[user.pk])

    newest_first = tuple(past(wod) for wod in reversed(wods))
    assert histories == {user.pk: History(recent=newest_first[:RECENT_WODS_CONSIDERED])}


def test_of_two_wods_on_one_day_the_later_is_the_more_recent_and_athletes_stay_apart(
    user, other_user, catalogue
):
    day = datetime.date(2026, 12, 1)
    earlier, later = make_wod(user=user, for_date=day), make_wod(user=user, for_date=day)
    theirs = make_wod(user=other_user, for_date=day)

    histories = wod_histories(user_ids=[user.pk, other_user.pk])

    assert histories == {
        user.pk: History(recent=(past(later), past(earlier))),
        other_user.pk: History(recent=(past(theirs),)),
    }


def test_an_athlete_without_wods_has_no_history(user):
    assert wod_histories(user_ids=[user.pk]) == {}


# The generator's catalogue
# ------------------------------------------------------------------------------


def catalogue_by_name() -> dict[str, CatalogueExercise]:
    return {exercise.name: exercise for exercise in wod_catalogue()}


@pytest.mark.django_db
def test_the_generator_s_catalogue_maps_every_active_exercise_with_its_coaching_data(catalogue):
    Exercise.objects.filter(name="Sit-Up").update(is_active=False)
    ids = dict(Exercise.objects.values_list("name", "id"))

    rows = catalogue_by_name()

    assert set(rows) == set(Exercise.objects.filter(is_active=True).values_list("name", flat=True))
    assert all(isinstance(row, CatalogueExercise) for row in rows.values())
    assert rows["Pull-Up"] == CatalogueExercise(
        id=ids["Pull-Up"],
        name="Pull-Up",
        modality="gymnastics",
        difficulty=3,
        primary_muscle_group="lats",
        equipment=frozenset({"pull_up_bar"}),
        measurement="reps",
        load_kg=None,
        load_women_kg=None,
        load_scaled_kg=None,
        roles=frozenset({"metcon", "skill"}),
        pattern="vertical_pull",
        family="pull_up",
        pace_s=PerLevel(beginner=4.5, intermediate=2.6, advanced=1.8),
        min_per_bout=3,
        max_per_bout=PerLevel(beginner=0, intermediate=12, advanced=20),
        max_per_session=PerLevel(beginner=0, intermediate=60, advanced=100),
        cap_group="",
        needs=frozenset(),
        pairs_with=frozenset(),
        scaled_substitute_id=ids["Jumping Pull-Up"],
        beginner_substitute_id=ids["Ring Row"],
    )
    wall_ball = rows["Wall Ball"]
    assert (wall_ball.load_kg, wall_ball.load_women_kg, wall_ball.load_scaled_kg) == (9, 6, 6)
    assert wall_ball.needs == {"wall", "target"}
    assert rows["Bar-Facing Burpee"].pairs_with == {"barbell"}
    assert rows["Deadlift"].cap_group == "heavy_barbell"


@pytest.mark.django_db
def test_the_generator_s_catalogue_costs_three_queries(catalogue, django_assert_num_queries):
    with django_assert_num_queries(3):
        wod_catalogue()


@pytest.mark.django_db
def test_an_inactive_substitute_reads_as_none_for_the_generator(catalogue):
    Exercise.objects.filter(name="Ring Row").update(is_active=False)

    pull_up = catalogue_by_name()["Pull-Up"]

    assert pull_up.beginner_substitute_id is None
    assert pull_up.scaled_substitute_id == Exercise.objects.get(name="Jumping Pull-Up").pk


# Results
# ------------------------------------------------------------------------------

AUCKLAND = ZoneInfo("Pacific/Auckland")
# A Wednesday; in Auckland (UTC+13 in November) the week began on Monday 23 November.
NOW = datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC)
THIS_MONDAY = datetime.date(2026, 11, 23)
FIRST_MONDAY = THIS_MONDAY - datetime.timedelta(weeks=STATS_WEEKS - 1)


@pytest.fixture
def mixed(user, catalogue) -> Wod:
    """EMOM 12 of 12 calories of rowing, 200 m of running, a 40 s plank: 4 of each minute."""
    return make_wod_as(
        user=user,
        format="emom",
        minutes=12,
        movements=[
            ("Row", {"calories": 12}),
            ("Run", {"distance_m": 200}),
            ("Plank", {"seconds": 40}),
        ],
        for_date=datetime.date(2026, 11, 1),
    )


@pytest.mark.parametrize(
    ("wod_format", "score_type"),
    [("for_time", ScoreType.TIME), ("amrap", ScoreType.ROUNDS_REPS), ("emom", ScoreType.REPS)],
)
def test_a_wods_score_type_follows_its_format(wod_format, score_type):
    assert wod_score_type(wod=Wod(format=wod_format)) == score_type


def test_a_wods_work_is_its_movements_units_in_order(mixed, django_assert_num_queries):
    wod = Wod.objects.get(pk=mixed.pk)

    with django_assert_num_queries(2):
        work = wod_work(wod=wod)

    assert (work.format, work.minutes, work.rounds) == ("emom", 12, None)
    assert work.pieces == (
        Piece(modality=Modality.MONOSTRUCTURAL, measurement=Measurement.CALORIES, units=12),
        Piece(modality=Modality.MONOSTRUCTURAL, measurement=Measurement.DISTANCE, units=200),
        Piece(modality=Modality.GYMNASTICS, measurement=Measurement.SECONDS, units=40),
    )


def weeks_by_monday(user) -> dict[datetime.date, object]:
    return {week.week_start: week for week in wod_result_weekly_stats(user=user, now=NOW)}


def test_the_stats_weeks_run_monday_to_sunday_on_the_athletes_clock(user, mixed):
    user.time_zone = "Pacific/Auckland"
    user.save()
    # The same UTC day, 22 November: Sunday night and Monday morning in Auckland.
    make_result(
        wod=mixed, reps=10, performed_at=datetime.datetime(2026, 11, 22, 23, 30, tzinfo=AUCKLAND)
    )
    make_result(
        wod=mixed, reps=20, performed_at=datetime.datetime(2026, 11, 23, 0, 30, tzinfo=AUCKLAND)
    )

    weeks = weeks_by_monday(user)

    assert list(weeks) == [FIRST_MONDAY + datetime.timedelta(weeks=n) for n in range(STATS_WEEKS)]
    assert weeks[THIS_MONDAY].sessions == 1
    assert weeks[THIS_MONDAY - datetime.timedelta(weeks=1)].sessions == 1


def test_the_stats_count_twelve_weeks_and_no_earlier_result_nor_anyone_elses(
    user, other_user, mixed, catalogue
):
    user.time_zone = "Pacific/Auckland"
    user.save()
    first_instant = datetime.datetime.combine(FIRST_MONDAY, datetime.time(), AUCKLAND)
    make_result(wod=mixed, reps=10, performed_at=first_instant)
    make_result(wod=mixed, reps=10, performed_at=first_instant - datetime.timedelta(minutes=1))
    theirs = make_wod_as(
        user=other_user, format="emom", minutes=12, movements=[("Row", {"calories": 12})]
    )
    make_result(wod=theirs, reps=10, performed_at=NOW)

    weeks = weeks_by_monday(user)

    assert [week.sessions for week in weeks.values()] == [1] + [0] * (STATS_WEEKS - 1)


def test_the_stats_sum_minutes_load_and_volume_of_each_modality_and_unit(user, mixed):
    # 4 minutes of each: all of the rowing and running, 3 planks (minute 12 not done).
    make_result(wod=mixed, reps=12 * 4 + 200 * 4 + 40 * 3, rpe=7, performed_at=NOW)
    make_result(wod=mixed, reps=12, performed_at=NOW)  # no RPE: no training load

    week = weeks_by_monday(user)[THIS_MONDAY]

    assert (week.sessions, week.minutes, week.training_load) == (2, 24.0, 12 * 7)
    assert week.volume == {
        "weightlifting": {"reps": 0, "metres": 0, "calories": 0, "seconds": 0},
        "gymnastics": {"reps": 0, "metres": 0, "calories": 0, "seconds": 120},
        "monostructural": {"reps": 0, "metres": 800, "calories": 48 + 12, "seconds": 0},
    }


def test_the_stats_take_three_queries_whatever_the_number_of_results(
    user, mixed, django_assert_num_queries
):
    for reps in range(1, 20):
        make_result(wod=mixed, reps=reps, performed_at=NOW)

    with django_assert_num_queries(3):
        wod_result_weekly_stats(user=user, now=NOW)


# The history of whole sessions
# ------------------------------------------------------------------------------


def test_the_history_carries_intensity_benchmark_block_movements_and_rest_days(user, catalogue):
    first_day = datetime.date(2026, 11, 1)
    fran = make_session_wod(user=user, for_date=first_day, benchmark="fran")
    heavy = make_session_wod(
        user=user, for_date=first_day + datetime.timedelta(days=1), intensity=Intensity.HEAVY
    )
    rest = make_session_wod(
        user=user, session=rest_day_session(), for_date=first_day + datetime.timedelta(days=2)
    )
    squat = Exercise.objects.get(name="Back Squat").pk

    [history] = wod_histories(user_ids=[user.pk]).values()

    assert [wod.for_date for wod in history.recent] == [
        rest.for_date,
        heavy.for_date,
        fran.for_date,
    ]
    assert history.recent[0] == PastWod(
        for_date=rest.for_date, exercise_ids=(), format="rest", intensity="recovery"
    )
    assert history.recent[1] == PastWod(
        for_date=heavy.for_date,
        exercise_ids=tuple(past(heavy).exercise_ids),
        format=heavy.format,
        intensity="heavy",
        block_exercise_ids=(squat,),
    )
    assert (history.recent[2].benchmark, history.recent[2].intensity) == ("fran", fran.intensity)
    assert history.benchmarks == {"fran": fran.for_date}


def test_the_last_date_of_every_benchmark_is_read_however_old(user, other_user, catalogue):
    first_day = datetime.date(2026, 1, 5)
    for days, benchmark in [(0, "fran"), (30, "grace"), (60, "fran"), (61, "")]:
        make_session_wod(
            user=user, for_date=first_day + datetime.timedelta(days=days), benchmark=benchmark
        )
    for days in range(RECENT_WODS_CONSIDERED + 1):
        make_session_wod(user=user, for_date=first_day + datetime.timedelta(days=90 + days))
    make_session_wod(user=other_user, for_date=first_day, benchmark="helen")

    histories = wod_histories(user_ids=[user.pk, other_user.pk])

    assert histories[user.pk].benchmarks == {
        "fran": first_day + datetime.timedelta(days=60),
        "grace": first_day + datetime.timedelta(days=30),
    }
    assert len(histories[user.pk].recent) == RECENT_WODS_CONSIDERED
    assert histories[other_user.pk].benchmarks == {"helen": first_day}


def test_the_history_of_a_batch_of_athletes_is_one_statement(
    user, other_user, catalogue, django_assert_num_queries
):
    make_session_wod(user=user, benchmark="fran")
    make_session_wod(user=other_user, session=rest_day_session())

    with django_assert_num_queries(1):
        histories = wod_histories(user_ids=[user.pk, other_user.pk])

    assert set(histories) == {user.pk, other_user.pk}
