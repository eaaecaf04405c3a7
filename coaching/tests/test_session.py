"""Whole sessions on the shipped catalogue: the parts around the metcon, the minutes they
take, rest and light days, and a block on heavy days."""

import datetime
import random

import pytest

from coaching.athlete import AthleteProfile, needs_met
from coaching.audit import wod_defects
from coaching.day import DayPlan
from coaching.generator import WodGenerator
from coaching.history import History, PastWod
from coaching.session import PART_MINUTES, PATTERN_GROUPS, week_avoid_groups
from coaching.tests.shipped import shipped_catalogue
from coaching.tests.strategies import DAY
from coaching.vocabulary import Goal, Intensity, Level, PartKind, Role, WodFormat

CATALOGUE = shipped_catalogue()
BY_ID = {row.id: row for row in CATALOGUE}
BY_NAME = {row.name: row for row in CATALOGUE}
GENERATOR = WodGenerator(CATALOGUE)
EVERYTHING = frozenset().union(*(row.equipment for row in CATALOGUE)) - {"bodyweight"}
GARAGE = frozenset(
    {"barbell", "dumbbell", "kettlebell", "pull_up_bar", "jump_rope", "box", "rower", "bench"}
)
EQUIPMENT = {"bodyweight": frozenset(), "garage gym": GARAGE, "full gym": EVERYTHING}

MODERATE = DayPlan(rest=False, intensity=Intensity.MODERATE, benchmark="", reason="")
HEAVY = DayPlan(rest=False, intensity=Intensity.HEAVY, benchmark="", reason="")
LIGHT = DayPlan(
    rest=False,
    intensity=Intensity.LIGHT,
    benchmark="",
    reason="A lighter day: your last week ran hot.",
)
REST = DayPlan(rest=True, intensity=Intensity.RECOVERY, benchmark="", reason="Rest day.")


def athlete(goal=Goal.GENERAL_FITNESS, level=Level.INTERMEDIATE, equipment=GARAGE, **fields):
    return AthleteProfile(goal=goal, level=level, equipment=frozenset(equipment), **fields)


def sessions(profile, plan, seeds=range(12)):
    return [
        GENERATOR.session(
            profile=profile, history=History(), day=DAY, plan=plan, rng=random.Random(seed)
        )
        for seed in seeds
    ]


def defects(wod, profile):
    return wod_defects(wod, day=0, profile=profile, catalogue=BY_ID, yesterday=None)


@pytest.mark.parametrize("minutes", [20, 30, 45, 60, 90, 120])
@pytest.mark.parametrize(
    "plan", [MODERATE, HEAVY, LIGHT, REST], ids=["moderate", "heavy", "light", "rest"]
)
@pytest.mark.parametrize("equipment", list(EQUIPMENT), ids=list(EQUIPMENT))
def test_every_session_has_its_parts_in_order_within_the_athletes_minutes_and_breaks_no_rule(
    minutes, plan, equipment
) -> None:
    for goal in Goal:
        for level in Level:
            profile = athlete(goal, level, EQUIPMENT[equipment], session_minutes=minutes)
            for wod in sessions(profile, plan, seeds=range(3)):
                assert defects(wod, profile) == [], wod.description
                assert wod.session_minutes <= minutes
                kinds = [part.kind for part in wod.parts]
                if plan.rest:
                    assert kinds == [PartKind.RECOVERY, PartKind.COOL_DOWN]
                else:
                    assert kinds[0] == PartKind.WARM_UP
                    assert kinds[-2:] == [PartKind.METCON, PartKind.COOL_DOWN]
                for part in wod.parts:
                    assert part.description
                    assert "\n" not in part.description


def test_a_rest_day_is_easy_aerobic_work_and_mobility_with_no_score() -> None:
    profile = athlete(equipment={"rower"}, session_minutes=45)
    for wod in sessions(profile, REST):
        assert wod.format == WodFormat.REST
        assert wod.score_type is None
        assert wod.intensity == Intensity.RECOVERY
        assert wod.movements == ()
        assert wod.description.startswith("Rest day: ")
        recovery, cool_down = wod.parts
        assert PART_MINUTES[PartKind.RECOVERY][0] <= recovery.minutes <= 30
        assert [m.exercise_name for m in recovery.movements] == ["Row"], "the machine they own"
        assert all(Role.COOL_DOWN in BY_ID[m.exercise_id].roles for m in cool_down.movements)
        assert "Rest day." in wod.stimulus


def test_a_rest_day_without_a_machine_or_room_to_walk_is_still_easy_work_in_place() -> None:
    profile = athlete(equipment=(), space=needs_met(has_wall=False, has_open_space=False))
    for wod in sessions(profile, REST):
        (recovery_movement,) = wod.parts[0].movements
        assert not BY_ID[recovery_movement.exercise_id].needs
        assert defects(wod, profile) == []


def test_a_heavy_day_has_a_strength_block_and_a_light_day_none_and_a_shorter_clock() -> None:
    profile = athlete(goal=Goal.ENDURANCE)
    heavy = sessions(profile, HEAVY)
    light = sessions(profile, LIGHT)
    assert all(PartKind.STRENGTH in [p.kind for p in wod.parts] for wod in heavy)
    assert not any(PartKind.STRENGTH in [p.kind for p in wod.parts] for wod in light)
    assert max(wod.minutes for wod in light) <= 15
    for wod in light:
        assert wod.intensity == Intensity.LIGHT
        assert wod.stimulus.endswith(LIGHT.reason)


def test_a_light_day_lifts_the_level_belows_loads() -> None:
    profile = athlete(level=Level.INTERMEDIATE, equipment={"barbell", "dumbbell", "kettlebell"})
    for wod in sessions(profile, LIGHT, seeds=range(30)):
        for movement in wod.movements:
            row = BY_ID[movement.exercise_id]
            if movement.load_kg is not None:
                assert movement.load_kg <= (row.load_scaled_kg or row.load_kg)


def test_the_warm_up_raises_first_then_prepares_each_pattern_the_metcon_uses() -> None:
    profile = athlete(equipment=EVERYTHING)
    for wod in sessions(profile, MODERATE, seeds=range(40)):
        warm_up = wod.parts[0]
        raise_, *drills = warm_up.movements
        assert BY_ID[raise_.exercise_id].pattern == "monostructural"
        assert raise_.note == "easy pace"
        assert all(Role.WARM_UP in BY_ID[m.exercise_id].roles for m in warm_up.movements)
        assert 5 <= warm_up.minutes <= 10
        assert drills, warm_up.description


def test_a_squat_and_pull_metcon_gets_a_squat_and_pull_warm_up() -> None:
    profile = athlete(equipment=EVERYTHING)
    found = 0
    for wod in sessions(profile, MODERATE, seeds=range(120)):
        patterns = {BY_ID[m.exercise_id].pattern for m in wod.movements}
        if "squat" in patterns and patterns & {"vertical_pull", "horizontal_pull"}:
            found += 1
            drilled = {BY_ID[m.exercise_id].pattern for m in wod.parts[0].movements}
            assert "squat" in drilled
            assert drilled & {"vertical_pull", "horizontal_pull"}
    assert found >= 5


def test_muscle_gain_gets_more_strength_blocks_than_endurance() -> None:
    def strength_days(goal):
        wods = sessions(athlete(goal=goal, equipment=EVERYTHING), MODERATE, seeds=range(60))
        return sum(PartKind.STRENGTH in [p.kind for p in wod.parts] for wod in wods)

    assert strength_days(Goal.MUSCLE_GAIN) > strength_days(Goal.ENDURANCE)


def test_a_strength_block_reads_as_sets_of_reps_at_an_rpe() -> None:
    profile = athlete(goal=Goal.MUSCLE_GAIN, equipment={"barbell"})
    blocks = [
        part
        for wod in sessions(profile, HEAVY)
        for part in wod.parts
        if part.kind == PartKind.STRENGTH
    ]
    assert blocks
    for block in blocks:
        (lift,) = block.movements
        assert lift.sets
        assert lift.reps
        assert f"{lift.sets}x{lift.reps}" in block.description
        assert "RPE 8" in block.description, "a heavy day"
        assert 10 <= block.minutes <= 20


def test_the_metcon_is_sized_to_the_time_the_session_leaves() -> None:
    for minutes in (20, 30):
        profile = athlete(session_minutes=minutes)
        for wod in sessions(profile, MODERATE, seeds=range(30)):
            others = sum(p.minutes for p in wod.parts if p.kind != PartKind.METCON)
            assert wod.minutes <= minutes - others


def test_the_athletes_progression_raises_the_loads_within_the_next_levels() -> None:
    profile = athlete(equipment={"barbell", "dumbbell", "kettlebell"})
    families = {row.family for row in CATALOGUE if row.load_kg is not None}
    heavier = History(load_factors=dict.fromkeys(families, 1.1))
    pairs = []
    for seed in range(20):
        plain, progressed = (
            GENERATOR.session(
                profile=profile, history=h, day=DAY, plan=MODERATE, rng=random.Random(seed)
            )
            for h in (History(), heavier)
        )
        assert [m.exercise_id for m in plain.movements] == [
            m.exercise_id for m in progressed.movements
        ], "the same draw, only the loads move"
        pairs += [
            (before, after)
            for before, after in zip(plain.movements, progressed.movements, strict=True)
            if before.load_kg is not None
        ]
    assert pairs
    for before, after in pairs:
        assert before.load_kg <= after.load_kg <= BY_ID[after.exercise_id].load_kg * 1.15
    assert any(after.load_kg > before.load_kg for before, after in pairs)


def test_a_block_leaves_alone_a_pattern_worked_two_days_running_and_the_push_or_pull_ahead():
    squat = BY_NAME["Air Squat"].id
    push = BY_NAME["Push-Up"].id
    history = History(
        recent=tuple(
            PastWod(
                for_date=DAY - datetime.timedelta(days=age),
                exercise_ids=(squat, push),
                format=WodFormat.FOR_TIME,
            )
            for age in (1, 2)
        )
    )
    assert week_avoid_groups(history=history, day=DAY, metcon=(), catalogue=BY_ID) == {
        "squat",
        "push",
    }
    profile = athlete(goal=Goal.MUSCLE_GAIN, equipment=EVERYTHING)
    for seed in range(20):
        wod = GENERATOR.session(
            profile=profile, history=history, day=DAY, plan=HEAVY, rng=random.Random(seed)
        )
        for part in wod.parts:
            if part.kind in (PartKind.STRENGTH, PartKind.SKILL):
                groups = {PATTERN_GROUPS.get(BY_ID[m.exercise_id].pattern) for m in part.movements}
                assert not groups & {"squat", "push"}, part.description
