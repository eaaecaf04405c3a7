"""`coaching.week`: what the last 6 days ask of today, and how selection and the generator
follow it (coverage, push and pull, patterns at rest, yesterday's block, the athlete's space)."""

import datetime
import random

from coaching.athlete import ALL_NEEDS, AthleteProfile, needs_met
from coaching.generator import WodGenerator
from coaching.history import History, PastWod
from coaching.pool import Pool, prepare
from coaching.selection import select
from coaching.styles import GOAL_STYLES
from coaching.tests import handmade
from coaching.vocabulary import Goal, Level, Modality, WodFormat
from coaching.week import PULL, PUSH, Week, week_of

MONDAY = datetime.date(2026, 1, 5)
BY_ID = {e.id: e for e in handmade.CATALOGUE}
PREPARED = tuple(prepare(e) for e in handmade.CATALOGUE)
EVERY_GROUP = ("squat", "hinge", "push", "pull")


def ids(*names: str) -> tuple[int, ...]:
    return tuple(handmade.by_name(name).id for name in names)


def session(days_ago: int, *names: str, block: tuple[str, ...] = ()) -> PastWod:
    return PastWod(
        for_date=MONDAY - datetime.timedelta(days=days_ago),
        exercise_ids=ids(*names),
        format="for_time",
        block_exercise_ids=ids(*block),
    )


def week(*sessions: PastWod, next_training: int = 1) -> Week:
    return week_of(
        history=History(recent=sessions),
        day=MONDAY,
        next_training_day=MONDAY + datetime.timedelta(days=next_training),
        exercises=BY_ID,
        available_groups=EVERY_GROUP,
        available_modalities=tuple(Modality),
    )


def test_a_group_trained_on_each_of_the_last_two_days_rests_today():
    today = week(session(1, "Air Squat", "Push-Up"), session(2, "Thruster", "Pull-Up"))

    assert today.tired_groups == {"squat"}


def test_a_group_missing_from_the_week_is_urgent_only_when_today_is_its_last_chance():
    sessions = [session(n, "Thruster", "Push-Up", "Row") for n in range(1, 7)]

    assert "hinge" in week(*sessions).urgent_groups
    assert "pull" in week(*sessions).wanted_groups
    hinge_five_days_ago = [session(5, "Deadlift"), *sessions[:4]]
    assert "hinge" not in week(*hinge_five_days_ago, next_training=1).urgent_groups
    assert "hinge" in week(*hinge_five_days_ago, next_training=3).urgent_groups


def test_a_modality_missing_from_the_week_is_urgent_on_its_last_chance():
    sessions = [session(n, "Thruster", "Push-Up") for n in range(1, 7)]

    assert week(*sessions).urgent_modalities == (Modality.MONOSTRUCTURAL,)


def test_a_new_athletes_first_day_wants_everything_and_needs_nothing_urgently():
    today = week()

    assert today.urgent_groups == ()
    assert today.wanted_groups == set(EVERY_GROUP)


def test_yesterday_covers_the_metcon_and_the_strength_block():
    today = week(session(1, "Air Squat", block=("Deadlift",)))

    assert today.yesterday_families == {"air_squat", "deadlift"}


def test_push_past_two_to_one_is_an_overload_and_the_week_leans_to_pull():
    today = week(session(1, "Push-Up", "Pull-Up"), session(2, "Handstand Push-Up"))

    assert (today.pushes, today.pulls) == (2, 1)
    assert today.overloads(PUSH)
    assert not today.overloads(PULL)
    assert today.lean() == PULL


def test_a_pull_leaving_the_window_before_the_next_training_day_counts_as_gone():
    # The pulls of 6 days ago leave the window tomorrow, and the next training day is in 3.
    sessions = (session(2, "Push-Up", "Handstand Push-Up"), session(6, "Pull-Up", "Ring Row"))

    assert not week(*sessions, next_training=0).overloads(PUSH)
    assert week(*sessions, next_training=3).overloads(PUSH)


def pool(
    equipment=handmade.EQUIPMENT,
    level=Level.INTERMEDIATE,
    space=ALL_NEEDS,
):
    return Pool(PREPARED, level=level, equipment=frozenset(equipment), space=space)


def chosen(week_: Week, *, count=3, seed=0, equipment=handmade.EQUIPMENT) -> list[str]:
    return [
        e.name
        for e in select(
            pool=pool(equipment=equipment),
            count=count,
            wod_format=WodFormat.FOR_TIME,
            style=GOAL_STYLES[Goal.GENERAL_FITNESS],
            week=week_,
            uses={},
            needed=[],
            rng=random.Random(seed),
        )
    ]


def test_selection_never_gives_a_tired_group():
    squats = {"Thruster", "Air Squat", "Goblet Squat", "Box Jump", "Dumbbell Walking Lunge"}
    tired = Week(tired_groups=frozenset({"squat"}))

    for seed in range(100):
        assert not squats & set(chosen(tired, seed=seed))


def test_selection_gives_an_urgent_group_and_modality():
    urgent = Week(urgent_groups=("hinge",), urgent_modalities=(Modality.MONOSTRUCTURAL,))
    hinges = {"Deadlift", "Kettlebell Swing"}
    machines_and_runs = {"Run", "Sprint", "Row", "Air Bike", "Single-Under"}

    for seed in range(100):
        names = set(chosen(urgent, count=2, seed=seed))
        assert names & hinges
        assert names & machines_and_runs


def test_selection_keeps_push_and_pull_within_two_to_one():
    pushes = {"Push-Up", "Wall Walk", "Handstand Push-Up"}
    heavy_on_push = Week(pushes=4, pulls=2, balances=True)

    for seed in range(100):
        assert not pushes & set(chosen(heavy_on_push, seed=seed))


def test_the_pool_leaves_out_what_the_athletes_space_lacks():
    no_wall_no_lane = pool(space=needs_met(has_wall=False, has_open_space=False))

    names = {e.name for e in no_wall_no_lane.exercises}

    assert not names & {"Wall Walk", "Handstand Push-Up", "Run", "Sprint"}
    assert {"Push-Up", "Row"} <= names


def test_an_athlete_without_a_wall_or_a_lane_is_never_given_one_in_a_season():
    generator = WodGenerator(handmade.CATALOGUE)
    profile = AthleteProfile(
        goal=Goal.ENDURANCE,
        level=Level.ADVANCED,
        equipment=frozenset(),
        space=needs_met(has_wall=False, has_open_space=False),
    )
    history = History()
    for day in range(40):
        for_date = MONDAY + datetime.timedelta(days=day)
        wod = generator.generate(
            profile=profile, history=history, day=for_date, requested=True, rng=random.Random(day)
        )
        assert all(not BY_ID[m.exercise_id].needs for m in wod.movements)
        history = History(
            recent=(PastWod(for_date, tuple(m.exercise_id for m in wod.movements), wod.format),)
        )
