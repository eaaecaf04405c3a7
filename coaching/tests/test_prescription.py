"""Loads with the athlete's progression and on light days, and the amounts of the new
formats."""

import pytest

from coaching.clock import interval_minutes, tabata_reps
from coaching.pool import prepare
from coaching.prescription import loads, tenths_down
from coaching.tests.shipped import shipped_catalogue
from coaching.vocabulary import Goal, Level
from coaching.wod import scheme_amounts

BY_NAME = {row.name: prepare(row) for row in shipped_catalogue()}


def loaded(name, level, factor=1.0, light=False):
    return loads(BY_NAME[name], level=level, goal=Goal.GENERAL_FITNESS, factor=factor, light=light)


@pytest.mark.parametrize(
    ("name", "level", "factor", "expected"),
    [
        ("Thruster", Level.INTERMEDIATE, 1.0, (43, 29)),
        # 45.15 and 30.45 kg to the 2.5 kg step, within the advanced athlete's 45/30.
        ("Thruster", Level.INTERMEDIATE, 1.05, (45, 30)),
        ("Thruster", Level.INTERMEDIATE, 1.5, (45, 30)),
        ("Thruster", Level.INTERMEDIATE, 0.9, (37.5, 25)),
        # Never below the scaled load, never above the next level's (a beginner's: Rx).
        ("Thruster", Level.INTERMEDIATE, 0.5, (29, 17.5)),
        ("Back Squat", Level.BEGINNER, 1.05, (45, 30)),
        ("Back Squat", Level.BEGINNER, 2.0, (70, 47.5)),
        # An advanced athlete's top is 1.15x Rx: 80.5 kg down to the plate.
        ("Back Squat", Level.ADVANCED, 2.0, (80, 52.5)),
        # Kettlebells go up and down by 4 kg.
        ("Russian Kettlebell Swing", Level.INTERMEDIATE, 0.9, (20, 16)),
    ],
)
def test_a_load_factor_moves_the_loads_to_a_loadable_step_within_the_levels_bounds(
    name, level, factor, expected
) -> None:
    assert loaded(name, level, factor) == expected


def test_a_light_day_lifts_the_level_belows_loads() -> None:
    assert loaded("Thruster", Level.ADVANCED, light=True) == (43, 29)
    assert loaded("Thruster", Level.INTERMEDIATE, light=True) == loaded("Thruster", Level.BEGINNER)
    assert loaded("Air Squat", Level.ADVANCED, factor=1.1) == (None, None)


@pytest.mark.parametrize(
    ("first", "scheme", "amounts"),
    [
        (21, (21, 15, 9), (21, 15, 9)),
        (42, (21, 15, 9), (42, 30, 18)),
        (25, (50, 40, 30, 20, 10), (25, 20, 15, 10, 5)),
        (2, (10, 9, 8, 7, 6, 5, 4, 3, 2, 1), (2, 2, 2, 1, 1, 1, 1, 1, 1, 1)),
    ],
)
def test_a_descending_scheme_shrinks_each_movement_from_its_first_round(
    first, scheme, amounts
) -> None:
    assert scheme_amounts(first, scheme) == amounts


def test_a_tabata_interval_aims_at_the_reps_20_seconds_hold_and_intervals_count_every_rest():
    assert tabata_reps(2.0) == 10
    assert tabata_reps(2.2) == 9
    assert interval_minutes(sets=5, work_seconds=180, rest_seconds=60) == 20
    assert interval_minutes(sets=4, work_seconds=120, rest_seconds=90) == 14


def test_rounds_are_stored_to_a_tenth_never_above_the_rounds_the_work_paces() -> None:
    # 900 s over 14 x 3.2 + 10 x 2.8 + 12 x 2.6 + 3 x 7 s is 7.199999999999999 rounds in
    # floats, and 7.199999999999999 x 10 is 72.0.
    rounds = 900 / (14 * 3.2 + 10 * 2.8 + 12 * 2.6 + 3 * 7.0)
    assert tenths_down(rounds) == 7.1
    assert tenths_down(7.25) == 7.2
    assert tenths_down(3.0) == 3.0
