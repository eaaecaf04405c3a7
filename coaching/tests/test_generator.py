"""The WOD generator's rules, checked in pure Python: no database and no Django needed.

Random catalogues (strategies.py) check that whatever the data, a WOD breaks no rule of the
coaching audit, or the generator says no WOD fits; the hand-made catalogue (handmade.py)
checks whole seasons, the examples a coach would look at and the edge cases.
"""

import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coaching.athlete import DIFFICULTY_CAP, KEY_EQUIPMENT, AthleteProfile
from coaching.audit import season_defects, wod_defects
from coaching.catalogue import CatalogueExercise
from coaching.clock import EMOM_MAX_WORK_S, EMOM_MIN_WORK_S
from coaching.description import phrase as write
from coaching.generator import GENERATOR_VERSION, WodGenerator, generate_wod
from coaching.history import History
from coaching.limits import CAP_GROUP_CEILINGS, VOLUME_OPTIONS
from coaching.pool import prepare
from coaching.season import season_generate
from coaching.tests import handmade
from coaching.tests.strategies import DAY, Scenario, history_of, profiles, scenarios
from coaching.vocabulary import BODYWEIGHT, Goal, Level, PartKind, Role, WodFormat
from coaching.wod import Movement

REPO_ROOT = Path(__file__).resolve().parents[2]
TIMED = frozenset({WodFormat.FOR_TIME, WodFormat.DESCENDING, WodFormat.CHIPPER})
ROUNDS_SET = TIMED | {WodFormat.INTERVALS, WodFormat.TABATA}
ROUNDS_EXPECTED = frozenset({WodFormat.AMRAP, WodFormat.INTERVALS})
PROPERTIES = settings(max_examples=150, deadline=None, database=None)
SEASONS = settings(max_examples=25, deadline=None, database=None)


# Oracle
# ------------------------------------------------------------------------------


def metcon_pool(
    catalogue: tuple[CatalogueExercise, ...], profile: AthleteProfile, wod_format: str
) -> list[CatalogueExercise]:
    """What a metcon of this format may use, written from the rules, not from the generator:
    role metcon, owned equipment, difficulty at the level, a bout volume a coach writes within
    the bout caps, the session cap and the cap group's ceiling (in an EMOM, one whose work
    fits a minute)."""
    owned = profile.equipment | {BODYWEIGHT}
    level = profile.level
    pool = []
    for e in catalogue:
        session = e.max_per_session.at(level)
        for groups, ceiling in CAP_GROUP_CEILINGS:
            if e.cap_group in groups:
                session = min(session, ceiling.at(level))
        low, high = e.min_per_bout, e.max_per_bout.at(level)
        # The volumes a coach writes within the bout caps, else the least a bout is worth.
        volumes = [v for v in VOLUME_OPTIONS[e.measurement] if low <= v <= high]
        volumes = volumes or ([low] if low <= high else [])
        if volumes and volumes[0] > session:
            volumes = []
        if wod_format == WodFormat.EMOM:
            top = EMOM_MAX_WORK_S[level]
            volumes = [v for v in volumes if EMOM_MIN_WORK_S <= v * e.pace_s.at(level) <= top]
        if (
            Role.METCON in e.roles
            and e.equipment <= owned
            and e.difficulty <= DIFFICULTY_CAP[level]
            and session > 0
            and volumes
        ):
            pool.append(e)
    return pool


def assert_reads_as_generated(wod) -> None:
    assert wod.generator_version == GENERATOR_VERSION == 2
    assert [m.order for m in wod.movements] == list(range(1, len(wod.movements) + 1))
    assert len(wod.description) <= 500, "fits Wod.description"
    assert wod.stimulus
    assert wod.description.endswith(wod.stimulus)
    for movement in wod.movements:
        assert movement.exercise_name.lower().split()[-1][:4] in wod.description.lower()
    assert sum(m.seconds is not None for m in wod.movements) <= 1, "one hold at most"
    assert (wod.expected_rounds is not None) == (wod.format in ROUNDS_EXPECTED)
    assert (wod.rounds is not None) == (wod.format in ROUNDS_SET)
    assert bool(wod.rep_scheme) == (wod.format == WodFormat.DESCENDING)
    assert (wod.work_seconds is not None) == (wod.format in (WodFormat.INTERVALS, WodFormat.TABATA))
    if wod.format not in TIMED:
        assert wod.expected_seconds == wod.minutes * 60
    assert [part.kind for part in wod.parts][-2:] == [PartKind.METCON, PartKind.COOL_DOWN]
    assert wod.session_minutes <= 60


# Properties over random catalogues, athletes and histories
# ------------------------------------------------------------------------------


@PROPERTIES
@given(scenarios())
def test_every_wod_breaks_no_rule_of_the_audit_or_none_fits(scenario: Scenario) -> None:
    by_id = {e.id: e for e in scenario.catalogue}
    arguments = {
        "catalogue": scenario.catalogue,
        "profile": scenario.profile,
        "history": scenario.history,
        "day": DAY,
        "requested": False,
    }
    if not metcon_pool(scenario.catalogue, scenario.profile, WodFormat.FOR_TIME):
        with pytest.raises(ValueError, match="no exercise"):
            generate_wod(**arguments, rng=scenario.rng())
        return
    try:
        wod = generate_wod(**arguments, rng=scenario.rng())
    except ValueError:
        return  # the pool's exercises cannot be sized into the drawn format for the level
    assert wod_defects(wod, day=0, profile=scenario.profile, catalogue=by_id, yesterday=None) == []
    assert_reads_as_generated(wod)

    # No family of the previous WOD, unless the pool leaves fewer than two other families.
    recent = scenario.history.recent
    yesterday = {by_id[i].family for i in (recent[0].exercise_ids if recent else ()) if i in by_id}
    today = {by_id[m.exercise_id].family for m in wod.movements}
    if today & yesterday:
        pool = metcon_pool(scenario.catalogue, scenario.profile, wod.format)
        assert len({e.family for e in pool} - yesterday) < 2


@PROPERTIES
@given(scenarios())
def test_same_seed_and_inputs_give_the_same_wod_whatever_the_catalogue_order(
    scenario: Scenario,
) -> None:
    arguments = {
        "profile": scenario.profile,
        "history": scenario.history,
        "day": DAY,
        "requested": False,
    }
    generator = WodGenerator(scenario.catalogue)
    try:
        first = generator.generate(**arguments, rng=scenario.rng())
    except ValueError:
        return
    again = generator.generate(**arguments, rng=scenario.rng())
    reversed_catalogue = tuple(reversed(scenario.catalogue))
    from_reversed = generate_wod(catalogue=reversed_catalogue, **arguments, rng=scenario.rng())
    assert first == again == from_reversed


@SEASONS
@given(profiles(tuple(sorted(handmade.EQUIPMENT))), st.integers(0, 10**6))
def test_thirty_day_seasons_break_no_rule_and_use_the_athletes_equipment(
    profile: AthleteProfile, seed: int
) -> None:
    """Every rule, the season's included: each owned key piece in 2 of any 7 days. The week's
    balance over 27 exercises (coverage, push against pull, a benchmark a month) is the shipped
    catalogue's to hold (`manage.py audit_wods`): a handmade one with one pull family cannot."""
    generator = WodGenerator(handmade.CATALOGUE)
    wods = season_generate(generator=generator, profile=profile, days=30, seed=seed)
    by_id = {e.id: e for e in handmade.CATALOGUE}
    defects = season_defects(wods, profile=profile, catalogue=by_id)
    assert [d for d in defects if d.rule not in CATALOGUE_WIDE_RULES] == []


# The week's rules that need a catalogue with several families of each pattern.
CATALOGUE_WIDE_RULES = {
    "pattern coverage",
    "modality coverage",
    "push/pull ratio",
    "benchmark cadence",
}


HASH_SEED_SCRIPT = """
from coaching.generator import AthleteProfile, WodGenerator
from coaching.season import season_generate
from coaching.tests.handmade import CATALOGUE, EQUIPMENT

generator = WodGenerator(CATALOGUE)
for goal in ["weight_loss", "muscle_gain", "endurance", "general_fitness"]:
    profile = AthleteProfile(goal=goal, level="advanced", equipment=EQUIPMENT)
    for wod in season_generate(generator=generator, profile=profile, days=50):
        print(repr(wod))
"""


def test_output_does_not_depend_on_string_hash_randomisation() -> None:
    def run(hash_seed: str) -> str:
        environment = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(REPO_ROOT)}
        return subprocess.run(
            [sys.executable, "-c", HASH_SEED_SCRIPT],
            cwd=REPO_ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    outputs = {run(hash_seed) for hash_seed in ("1", "2", "3")}
    assert len(outputs) == 1
    assert outputs.pop().count("GeneratedWod(") == 200


# Examples and edge cases on the hand-made catalogue
# ------------------------------------------------------------------------------


def athlete(
    *, goal: str = "general_fitness", level: str = "intermediate", equipment=()
) -> AthleteProfile:
    return AthleteProfile(goal=goal, level=level, equipment=frozenset(equipment))


NO_HISTORY = History()


def first_day() -> dict:
    return {"history": NO_HISTORY, "day": DAY, "requested": False, "rng": random.Random(1)}


def wods_for_seeds(profile: AthleteProfile, seeds: int = 200, history=NO_HISTORY) -> list:
    generator = WodGenerator(handmade.CATALOGUE)
    return [
        generator.generate(
            profile=profile, history=history, day=DAY, requested=False, rng=random.Random(seed)
        )
        for seed in range(seeds)
    ]


def test_warm_up_drills_are_never_metcon_work() -> None:
    drills = {handmade.by_name("Carioca").id, handmade.by_name("High Knees").id}
    for level in Level:
        for wod in wods_for_seeds(athlete(level=level)):
            assert not drills & {m.exercise_id for m in wod.movements}


@pytest.mark.parametrize(
    ("name", "level", "goal", "loads_kg"),
    [
        ("Thruster", "beginner", "general_fitness", (30, 20)),  # scaled; women's in proportion
        ("Thruster", "intermediate", "muscle_gain", (43, 29)),  # Rx as the catalogue has it
        ("Deadlift", "advanced", "general_fitness", (105, 72.5)),  # 1.05x Rx, down to a plate
        ("Deadlift", "advanced", "muscle_gain", (110, 75)),  # 1.1x Rx, never beyond 1.15x
        ("Kettlebell Swing", "advanced", "muscle_gain", (24, 16)),  # no 26.4 kg kettlebell
    ],
)
def test_loads_follow_the_level(
    name: str, level: str, goal: str, loads_kg: tuple[float, float]
) -> None:
    exercise_id = handmade.by_name(name).id
    profile = athlete(goal=goal, level=level, equipment=["barbell", "kettlebell"])
    found = [
        (m.load_kg, m.load_women_kg)
        for wod in wods_for_seeds(profile, seeds=300)
        for m in wod.movements
        if m.exercise_id == exercise_id
    ]
    assert found
    assert set(found) == {loads_kg}


def test_a_beginner_does_less_work_than_an_advanced_athlete_in_the_same_kind_of_cap() -> None:
    """Sized from each level's pace: the same cap holds fewer reps for a beginner."""
    units = {}
    for level in ("beginner", "advanced"):
        wods = [w for w in wods_for_seeds(athlete(level=level)) if w.format == "for_time"]
        units[level] = sum(
            m.reps * (w.rounds or 1) for w in wods for m in w.movements if m.reps
        ) / sum(w.minutes for w in wods)
    assert units["beginner"] < 0.8 * units["advanced"]


def test_bar_facing_burpees_come_only_beside_a_barbell_lift() -> None:
    burpee = handmade.by_name("Bar-Facing Burpee").id
    by_id = {e.id: e for e in handmade.CATALOGUE}
    profile = athlete(level="advanced", equipment=["barbell"])
    paired = 0
    for wod in wods_for_seeds(profile, seeds=400):
        ids = [m.exercise_id for m in wod.movements]
        if burpee in ids:
            paired += 1
            assert any("barbell" in by_id[i].equipment for i in ids if i != burpee)
    assert paired, "the pairing happens"


def test_no_variant_of_yesterday_and_one_movement_per_family() -> None:
    run, sprint = handmade.by_name("Run").id, handmade.by_name("Sprint").id
    for wod in wods_for_seeds(athlete(), history=history_of([run])):
        assert sprint not in {m.exercise_id for m in wod.movements}
    for wod in wods_for_seeds(athlete(equipment=["dumbbell"])):
        families = [handmade.by_name(m.exercise_name).family for m in wod.movements]
        assert len(families) == len(set(families))


def test_an_athlete_with_a_rower_rows_in_a_good_share_of_their_days() -> None:
    generator = WodGenerator(handmade.CATALOGUE)
    for goal in Goal:
        profile = athlete(goal=goal, equipment=["rower", "kettlebell", "pull_up_bar"])
        wods = season_generate(generator=generator, profile=profile, days=70)
        used = Counter(
            slug
            for wod in wods
            for slug in {
                s for m in wod.movements for s in handmade.by_name(m.exercise_name).equipment
            }
        )
        assert used["rower"] >= 20
        assert used["kettlebell"] >= 20
    assert "rower" in KEY_EQUIPMENT


def test_descriptions_read_as_a_coach_writes_them() -> None:
    wods = wods_for_seeds(athlete(equipment=["barbell", "kettlebell"]), seeds=300)
    by_format = {wod.format: wod.description for wod in wods}
    assert by_format["for_time"].split(", cap ")[0].endswith("for time")
    assert " min (about " in by_format["for_time"]
    assert by_format["amrap"].startswith("AMRAP ")
    assert " rounds): " in by_format["amrap"]
    assert by_format["emom"].startswith("EMOM ")
    assert "(min 1: " in by_format["emom"]
    loaded = next(w for w in wods if any(m.load_kg for m in w.movements))
    movement = next(m for m in loaded.movements if m.load_kg)
    assert f"({movement.load_kg:g}/{movement.load_women_kg:g} kg)" in loaded.description


@pytest.mark.parametrize(
    ("name", "reps", "phrase"),
    [("Turkish Get-Up", 1, "1 Turkish get-up"), ("Turkish Get-Up", 3, "3 Turkish get-ups")],
)
def test_a_single_rep_reads_singular_and_proper_names_keep_their_capital(
    name: str, reps: int, phrase: str
) -> None:
    movement = Movement(1, name, 1, reps, None, None, None, None, None)
    assert write(prepare(handmade.by_name(name)), movement) == phrase


def test_nothing_allowed_raises_value_error() -> None:
    barbell_only = [handmade.by_name("Thruster")]
    with pytest.raises(ValueError, match="no exercise"):
        generate_wod(
            catalogue=barbell_only,
            profile=athlete(),
            history=History(),
            day=DAY,
            requested=False,
            rng=random.Random(1),
        )
    with pytest.raises(ValueError, match="no exercise"):
        generate_wod(
            catalogue=[],
            profile=athlete(),
            history=History(),
            day=DAY,
            requested=False,
            rng=random.Random(1),
        )


@pytest.mark.parametrize(
    "profile", [athlete(goal="strength"), athlete(level="elite")], ids=["goal", "level"]
)
def test_unknown_goal_or_level_raises_value_error(profile: AthleteProfile) -> None:
    with pytest.raises(ValueError, match="unknown"):
        generate_wod(
            catalogue=handmade.CATALOGUE,
            profile=profile,
            history=History(),
            day=DAY,
            requested=False,
            rng=random.Random(1),
        )
