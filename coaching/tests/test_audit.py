"""The coach's audit finds each broken rule: WODs written by hand, each breaking one rule."""

import pytest

from coaching.athlete import AthleteProfile
from coaching.audit import RULES, season_defects, wod_defects
from coaching.tests import handmade
from coaching.vocabulary import Intensity, Measurement, ScoreType, WodFormat
from coaching.wod import GeneratedWod, Movement

BY_ID = {e.id: e for e in handmade.CATALOGUE}
EVERYTHING = handmade.EQUIPMENT


def movement(order: int, name: str, volume: int, loads=None) -> Movement:
    e = handmade.by_name(name)
    amounts = {m: (volume if e.measurement == m else None) for m in Measurement}
    men, women = loads or ((e.load_kg, e.load_women_kg) if e.load_kg else (None, None))
    return Movement(
        e.id,
        name,
        order,
        amounts[Measurement.REPS],
        amounts[Measurement.DISTANCE],
        amounts[Measurement.CALORIES],
        amounts[Measurement.SECONDS],
        men,
        women,
    )


def for_time(*movements: Movement, rounds: int, minutes=None, level="intermediate"):
    """A For Time WOD whose expected time is its work at the level's pace, cap 1.4x."""
    transition = {"beginner": 10.0, "intermediate": 7.0, "advanced": 5.0}[level]
    round_s = sum(
        m.volume * handmade.by_name(m.exercise_name).pace_s.at(level) + transition
        for m in movements
    )
    expected = round(rounds * round_s)
    return GeneratedWod(
        format=WodFormat.FOR_TIME,
        time_domain="medium",
        minutes=minutes or round(expected * 1.4 / 60),
        rounds=rounds,
        description="",
        movements=movements,
        generator_version=2,
        stimulus="",
        expected_seconds=expected,
        expected_rounds=None,
        parts=(),
        score_type=ScoreType.TIME,
        intensity=Intensity.MODERATE,
    )


def emom(*movements: Movement, minutes: int) -> GeneratedWod:
    return GeneratedWod(
        format=WodFormat.EMOM,
        time_domain="medium",
        minutes=minutes,
        rounds=None,
        description="",
        movements=movements,
        generator_version=2,
        stimulus="",
        expected_seconds=minutes * 60,
        expected_rounds=None,
        parts=(),
        score_type=ScoreType.REPS,
        intensity=Intensity.MODERATE,
    )


def athlete(level="intermediate", equipment=EVERYTHING) -> AthleteProfile:
    return AthleteProfile(goal="general_fitness", level=level, equipment=frozenset(equipment))


def broken_rules(wod, *, profile=None, yesterday=None) -> set[str]:
    defects = wod_defects(
        wod, day=0, profile=profile or athlete(), catalogue=BY_ID, yesterday=yesterday
    )
    return {defect.rule for defect in defects}


GOOD = for_time(movement(1, "Thruster", 15), movement(2, "Pull-Up", 10), rounds=3)


def test_a_wod_a_coach_would_sign_breaks_no_rule() -> None:
    assert broken_rules(GOOD) == set()
    assert broken_rules(emom(movement(1, "Burpee", 8), movement(2, "Row", 9), minutes=12)) == set()


@pytest.mark.parametrize(
    ("rule", "wod", "profile", "yesterday"),
    [
        pytest.param(
            "time fit",
            for_time(movement(1, "Thruster", 15), movement(2, "Pull-Up", 10), rounds=3, minutes=20),
            None,
            None,
            id="cap twice the expected time",
        ),
        pytest.param(
            "time fit",
            emom(movement(1, "Burpee", 14), movement(2, "Row", 9), minutes=12),
            None,
            None,
            id="56 s of burpees in a minute",
        ),
        pytest.param(
            "caps per bout",
            for_time(movement(1, "Wall Walk", 8), movement(2, "Air Squat", 20), rounds=1),
            None,
            None,
            id="8 wall walks in a bout",
        ),
        pytest.param(
            "caps per session",
            for_time(movement(1, "Wall Walk", 4), movement(2, "Air Squat", 20), rounds=5),
            None,
            None,
            id="20 wall walks for an intermediate",
        ),
        pytest.param(
            "caps per session",
            for_time(movement(1, "Thruster", 10), movement(2, "Deadlift", 10), rounds=3),
            athlete(level="beginner"),
            None,
            id="60 heavy barbell reps for a beginner",
        ),
        pytest.param(
            "roles",
            for_time(movement(1, "Carioca", 50), movement(2, "Air Squat", 20), rounds=3),
            None,
            None,
            id="carioca as work",
        ),
        pytest.param(
            "variants of yesterday",
            for_time(movement(1, "Sprint", 200), movement(2, "Air Squat", 20), rounds=3),
            None,
            for_time(movement(1, "Run", 400), movement(2, "Push-Up", 10), rounds=3),
            id="a sprint the day after a run",
        ),
        pytest.param(
            "one per family",
            for_time(
                movement(1, "Dumbbell Snatch", 10), movement(2, "Dumbbell Clean", 10), rounds=3
            ),
            None,
            None,
            id="dumbbell snatch and clean",
        ),
        pytest.param(
            "equipment owned",
            GOOD,
            athlete(equipment=["barbell"]),
            None,
            id="pull-ups without a bar",
        ),
        pytest.param(
            "difficulty",
            for_time(
                movement(1, "Pull-Up", 4), movement(2, "Air Squat", 15), rounds=3, level="beginner"
            ),
            athlete(level="beginner"),
            None,
            id="pull-ups for a beginner",
        ),
        pytest.param(
            "pairings",
            for_time(movement(1, "Bar-Facing Burpee", 10), movement(2, "Push-Up", 10), rounds=3),
            None,
            None,
            id="bar-facing burpees without a barbell",
        ),
        pytest.param(
            "loads",
            for_time(movement(1, "Thruster", 15, (61, 43)), movement(2, "Pull-Up", 10), rounds=3),
            athlete(level="advanced"),
            None,
            id="thrusters at 1.4x Rx",
        ),
    ],
)
def test_each_broken_rule_is_found(rule, wod, profile, yesterday) -> None:
    assert rule in RULES
    assert rule in broken_rules(wod, profile=profile, yesterday=yesterday)


def test_an_athlete_who_owns_a_rower_and_never_rows_breaks_equipment_use() -> None:
    profile = athlete(equipment=["rower"])
    days = [
        for_time(movement(1, "Burpee", 10), movement(2, "Sit-Up", 20), rounds=4),
        for_time(movement(1, "Air Squat", 20), movement(2, "Push-Up", 10), rounds=4),
    ] * 4
    defects = season_defects(days, profile=profile, catalogue=BY_ID)
    equipment_use = [d for d in defects if d.rule == "equipment use"]
    assert len(equipment_use) == len(days) - 6, "one per window of 7 days"
    assert equipment_use[0].detail == "machine in 0 of days 1-7"
