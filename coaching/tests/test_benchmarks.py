"""The named benchmarks: their data against the shipped catalogue, and each built for an
athlete, Rx or scaled, as the day plan names it."""

import random
import re

import pytest

from coaching.athlete import AthleteProfile
from coaching.audit import wod_defects
from coaching.benchmarks import BENCHMARKS, BENCHMARKS_BY_SLUG
from coaching.day import DayPlan
from coaching.generator import WodGenerator
from coaching.history import History
from coaching.tests.shipped import shipped_catalogue
from coaching.tests.strategies import DAY
from coaching.vocabulary import Goal, Intensity, Level, ScoreType, WodFormat

CATALOGUE = shipped_catalogue()
BY_ID = {row.id: row for row in CATALOGUE}
BY_NAME = {row.name: row for row in CATALOGUE}
GENERATOR = WodGenerator(CATALOGUE)
EVERYTHING = frozenset().union(*(row.equipment for row in CATALOGUE)) - {"bodyweight"}


def plan(slug: str) -> DayPlan:
    return DayPlan(rest=False, intensity=Intensity.MODERATE, benchmark=slug, reason="")


def session(slug, *, level=Level.INTERMEDIATE, equipment=EVERYTHING, history=None, **fields):
    profile = AthleteProfile(
        goal=Goal.GENERAL_FITNESS, level=level, equipment=frozenset(equipment), **fields
    )
    wod = GENERATOR.session(
        profile=profile,
        history=history or History(),
        day=DAY,
        plan=plan(slug),
        rng=random.Random(0),
    )
    return wod, profile


def test_at_least_twelve_classics_and_a_hero_wod_each_from_the_catalogue() -> None:
    slugs = {b.slug for b in BENCHMARKS}
    assert len(BENCHMARKS) >= 12
    assert {"fran", "grace", "helen", "cindy", "karen", "murph"} <= slugs
    assert any(b.hero for b in BENCHMARKS)
    for benchmark in BENCHMARKS:
        assert benchmark.rx
        assert benchmark.scaled
        for movement in benchmark.workout:
            row = BY_NAME[movement.name]
            assert row.equipment - {"bodyweight"} <= benchmark.equipment | {"rower", "box"}
            assert 0 < movement.scaled <= movement.rx
        assert benchmark.movements == tuple(dict.fromkeys(m.name for m in benchmark.workout))
        expected_score = (
            ScoreType.ROUNDS_REPS if benchmark.format == WodFormat.AMRAP else ScoreType.TIME
        )
        assert benchmark.score_type == expected_score


def test_the_published_rx_loads_are_the_catalogues() -> None:
    """Each load written in a benchmark's Rx ("thrusters (29/43 kg)") is the catalogue's
    women's/men's Rx of its movement."""
    for benchmark in BENCHMARKS:
        for women, men in re.findall(r"\((\d+(?:\.\d)?)/(\d+(?:\.\d)?) kg\)", benchmark.rx):
            assert any(
                BY_NAME[m.name].load_women_kg == float(women)
                and BY_NAME[m.name].load_kg == float(men)
                for m in benchmark.workout
            ), f"{benchmark.name}: {women}/{men} kg"


@pytest.mark.parametrize("level", list(Level))
@pytest.mark.parametrize("slug", [b.slug for b in BENCHMARKS])
def test_each_benchmark_built_for_each_level_breaks_no_rule(slug, level) -> None:
    wod, profile = session(slug, level=level, session_minutes=90)
    benchmark = BENCHMARKS_BY_SLUG[slug]
    assert wod.benchmark == slug
    assert wod.score_type == benchmark.score_type
    assert re.match(rf"{benchmark.name}(, scaled)?: ", wod.description)
    assert wod_defects(wod, day=0, profile=profile, catalogue=BY_ID, yesterday=None) == []


def test_fran_is_rx_for_an_intermediate_and_scaled_with_substitutes_for_a_beginner() -> None:
    rx, _ = session("fran")
    assert rx.description.startswith("Fran: 21-15-9 for time")
    assert [m.exercise_name for m in rx.movements] == ["Thruster", "Pull-Up"]
    assert rx.rep_scheme == (21, 15, 9)
    assert rx.movements[0].load_kg == 43
    assert rx.movements[0].load_women_kg == 29

    scaled, _ = session("fran", level=Level.BEGINNER)
    assert scaled.description.startswith("Fran, scaled: 15-12-9 for time")
    assert [m.exercise_name for m in scaled.movements] == ["Front Squat", "Ring Row"]
    assert scaled.movements[0].load_kg <= BY_NAME["Front Squat"].load_scaled_kg


def test_the_last_score_is_quoted_in_the_stimulus_line() -> None:
    history = History(benchmark_scores={"fran": "4:12 Rx"})
    wod, _ = session("fran", history=history)
    assert "Last time: 4:12 Rx." in wod.stimulus
    assert wod.description.endswith(wod.stimulus)


def test_a_benchmark_the_athlete_cannot_do_gives_way_to_a_drawn_metcon() -> None:
    wod, profile = session("fran", equipment={"dumbbell"})
    assert wod.benchmark == ""
    assert wod_defects(wod, day=0, profile=profile, catalogue=BY_ID, yesterday=None) == []


def test_murph_too_long_for_the_session_is_scaled_and_drops_the_block() -> None:
    wod, _profile = session("murph", level=Level.ADVANCED, session_minutes=60)
    assert wod.description.startswith("Murph, scaled: ")
    assert wod.session_minutes <= 60

    short, _ = session("murph", level=Level.ADVANCED, session_minutes=30)
    assert short.benchmark == ""
