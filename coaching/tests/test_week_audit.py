"""The audit's week rules find each break: seasons written by hand, each breaking one rule."""

import dataclasses

import pytest

from coaching import audit
from coaching.athlete import AthleteProfile, needs_met
from coaching.audit import RULES, WEEK_RULES, season_defects, week_defects
from coaching.benchmarks import Benchmark
from coaching.tests import handmade
from coaching.vocabulary import Intensity, Measurement, PartKind, ScoreType, WodFormat
from coaching.wod import GeneratedWod, Movement, Part

BY_ID = {e.id: e for e in handmade.CATALOGUE}
H, M, L = Intensity.HEAVY, Intensity.MODERATE, Intensity.LIGHT


def movement(order: int, name: str) -> Movement:
    e = handmade.by_name(name)
    amounts = {m: (10 if e.measurement == m else None) for m in Measurement}
    return Movement(
        e.id,
        name,
        order,
        amounts[Measurement.REPS],
        amounts[Measurement.DISTANCE],
        amounts[Measurement.CALORIES],
        amounts[Measurement.SECONDS],
        e.load_kg,
        e.load_women_kg,
    )


def training(
    *names: str, intensity=M, block: tuple[str, ...] = (), benchmark: str = ""
) -> GeneratedWod:
    movements = tuple(movement(n, name) for n, name in enumerate(names, start=1))
    parts = [Part(PartKind.METCON, 20, "", movements)]
    if block:
        block_movements = tuple(movement(n, name) for n, name in enumerate(block, start=1))
        parts.insert(0, Part(PartKind.STRENGTH, 15, "", block_movements))
    return GeneratedWod(
        format=WodFormat.FOR_TIME,
        time_domain="medium",
        minutes=20,
        rounds=3,
        description="",
        movements=movements,
        generator_version=2,
        stimulus="",
        expected_seconds=840,
        expected_rounds=None,
        parts=tuple(parts),
        score_type=ScoreType.TIME,
        intensity=intensity,
        benchmark=benchmark,
    )


def rest() -> GeneratedWod:
    return GeneratedWod(
        format=WodFormat.REST,
        time_domain="short",
        minutes=0,
        rounds=None,
        description="Rest day: an easy row.",
        movements=(),
        generator_version=2,
        stimulus="",
        expected_seconds=0,
        expected_rounds=None,
        parts=(Part(PartKind.RECOVERY, 20, "An easy row", (movement(1, "Row"),)),),
        score_type=None,
        intensity=Intensity.RECOVERY,
    )


# Monday to Sunday, 5 training days: every group, modality and a 2:3 push:pull.
A_WEEK = [
    training("Thruster", "Pull-Up", "Row", intensity=H),
    training("Deadlift", "Push-Up", "Run"),
    training("Goblet Squat", "Ring Row", "Sit-Up", intensity=L),
    rest(),
    training("Kettlebell Swing", "Handstand Push-Up", "Air Bike", intensity=H),
    training("Air Squat", "Pull-Up", "Plank"),
    rest(),
]
ATHLETE = AthleteProfile(goal="general_fitness", level="intermediate", equipment=handmade.EQUIPMENT)


def broken(season, profile=ATHLETE) -> set[str]:
    return {defect.rule for defect in week_defects(season, profile=profile, catalogue=BY_ID)}


def test_the_week_rules_are_named_and_explained_with_the_others():
    assert set(WEEK_RULES) <= set(RULES)
    assert all(WEEK_RULES.values())


def test_a_week_a_coach_would_sign_breaks_no_week_rule():
    assert broken(A_WEEK * 3) == set()


def replaced(season, day: int, wod: GeneratedWod) -> list[GeneratedWod]:
    return [*season[:day], wod, *season[day + 1 :]]


@pytest.mark.parametrize(
    ("rule", "season", "profile"),
    [
        ("rest rhythm", replaced(A_WEEK * 2, 3, training("Air Squat", "Ring Row")), ATHLETE),
        (
            "rest rhythm",
            A_WEEK * 2,
            dataclasses.replace(ATHLETE, training_days_per_week=4),
        ),
        ("pattern coverage", [training("Air Squat", "Push-Up", "Row")] * 7, ATHLETE),
        (
            "modality coverage",
            [training("Thruster", "Pull-Up", "Deadlift", "Push-Up")] * 7,
            ATHLETE,
        ),
        (
            "push/pull ratio",
            replaced(
                replaced(A_WEEK, 2, training("Goblet Squat", "Push-Up", "Sit-Up", intensity=L)),
                5,
                training("Air Squat", "Push-Up", "Plank"),
            ),
            ATHLETE,
        ),
        (
            "no pattern 3 days running",
            replaced(A_WEEK, 1, training("Deadlift", "Pull-Up", "Run")),
            ATHLETE,
        ),
        (
            "heavy not after heavy",
            replaced(A_WEEK, 1, training("Deadlift", "Push-Up", "Run", intensity=H)),
            ATHLETE,
        ),
        (
            "variants of yesterday's block",
            replaced(A_WEEK, 0, training("Thruster", "Pull-Up", "Row", block=("Deadlift",))),
            ATHLETE,
        ),
        (
            "context needs",
            A_WEEK,
            dataclasses.replace(ATHLETE, space=needs_met(has_wall=True, has_open_space=False)),
        ),
    ],
)
def test_each_broken_week_rule_is_found(rule, season, profile):
    assert rule in broken(season, profile)


def test_a_strength_block_counts_for_the_week():
    pull_in_a_block = [
        training("Thruster", "Row", intensity=H),
        training("Deadlift", "Push-Up", "Run"),
        training("Goblet Squat", "Sit-Up", intensity=L),
        rest(),
        training("Kettlebell Swing", "Air Bike", intensity=H),
        training("Air Squat", "Plank", block=("Pull-Up",)),
        rest(),
    ]

    assert "pattern coverage" not in broken(pull_in_a_block)
    assert "pattern coverage" in broken(
        [*pull_in_a_block[:5], training("Air Squat", "Plank"), rest()]
    )


def test_a_rest_days_recovery_row_does_not_count_for_the_week():
    only_rest_rows = [training("Thruster", "Pull-Up", "Push-Up", "Deadlift"), rest()] * 4

    assert "modality coverage" in broken(only_rest_rows[:7])


FRAN = Benchmark(
    slug="fran",
    name="Fran",
    hero=False,
    format=WodFormat.DESCENDING,
    score_type=ScoreType.TIME,
    rx="21-15-9: thrusters (29/43 kg), pull-ups",
    scaled="",
    movements=("Thruster", "Pull-Up"),
    equipment=frozenset({"barbell", "pull_up_bar"}),
)


def test_two_benchmarks_within_three_weeks_break_the_cadence(monkeypatch):
    monkeypatch.setattr(audit, "BENCHMARKS", (FRAN,))
    season = A_WEEK * 5
    season[0] = dataclasses.replace(season[0], benchmark="fran")
    season[14] = dataclasses.replace(season[14], benchmark="fran")

    assert "benchmark cadence" in broken(season[:30])
    season[14] = dataclasses.replace(season[14], benchmark="")
    season[21] = dataclasses.replace(season[21], benchmark="fran")
    assert "benchmark cadence" not in broken(season[:30])


def test_a_thirty_day_season_without_a_benchmark_that_fits_breaks_the_cadence(monkeypatch):
    monkeypatch.setattr(audit, "BENCHMARKS", (FRAN,))
    season = (A_WEEK * 5)[:30]

    assert "benchmark cadence" in broken(season)
    assert "benchmark cadence" not in broken(season[:29]), "a shorter season need not"
    no_bar = dataclasses.replace(ATHLETE, equipment=frozenset({"rower"}))
    assert "benchmark cadence" not in broken(season, no_bar), "none fits: none is due"


def equipment_use(season, profile) -> list[str]:
    return [
        d.detail
        for d in season_defects(season, profile=profile, catalogue=BY_ID)
        if d.rule == "equipment use"
    ]


def test_a_benchmark_day_counts_for_every_piece_of_equipment():
    rower = dataclasses.replace(ATHLETE, equipment=frozenset({"rower"}))
    other = training("Sit-Up")
    twice = [training("Row", "Air Squat"), other, training("Row", "Push-Up"), *[other] * 4]
    once = replaced(twice, 2, training("Air Squat", "Push-Up"))

    assert equipment_use(twice, rower) == []
    assert equipment_use(once, rower) == ["machine in 1 of days 1-7"]
    benchmark_day = dataclasses.replace(training("Thruster", "Pull-Up"), benchmark="fran")
    assert equipment_use(replaced(once, 2, benchmark_day), rower) == []


def test_an_athlete_training_three_days_a_week_sees_each_piece_once_a_week():
    rower = dataclasses.replace(ATHLETE, equipment=frozenset({"rower"}))
    once = [training("Row", "Air Squat"), *[training("Sit-Up")] * 6]

    assert equipment_use(once, dataclasses.replace(rower, training_days_per_week=3)) == []
    assert equipment_use(once, rower) == ["machine in 1 of days 1-7"]
