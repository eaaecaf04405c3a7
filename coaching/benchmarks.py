"""The named benchmark WODs, as data: each with its Rx for women and men and a scaled version.

The API lists `BENCHMARKS` (`/api/benchmarks/`); the day plan (`coaching.day`) names one about
every 3-4 weeks when the athlete's equipment allows it, and `benchmark_metcon` builds it for
the athlete: the Rx version when every Rx movement is allowed at their level and its whole
volume is within their session caps, else the scaled version with the catalogue's substitutes
for the movements they cannot do ("Fran, scaled"). The Rx loads are the catalogue's (a test
holds the published ones to it); a scaled version's loads are the athlete's level's, never
above Rx.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coaching.athlete import DIFFICULTY_CAP, AthleteProfile
from coaching.catalogue import CatalogueExercise
from coaching.clock import TRANSITION_S
from coaching.pool import Prepared
from coaching.prescription import loads
from coaching.vocabulary import BODYWEIGHT, Level, ScoreType, WodFormat
from coaching.wod import scheme_amounts


@dataclass(frozen=True, slots=True)
class BenchmarkMovement:
    name: str  # the catalogue's name
    rx: int  # units a round (a scheme's first round), as published
    scaled: int  # units a round in the scaled version


@dataclass(frozen=True, slots=True)
class Benchmark:
    slug: str  # "fran"
    name: str  # "Fran"
    hero: bool  # a hero WOD (Murph)
    format: WodFormat
    score_type: ScoreType
    # The workout as published, women's / men's loads: "21-15-9: thrusters (29/43 kg), pull-ups"
    rx: str
    scaled: str  # the scaled version in the same words
    movements: tuple[str, ...]  # the catalogue names of its Rx movements, in order
    equipment: frozenset[str]  # what an athlete needs to do it, Rx or scaled
    workout: tuple[BenchmarkMovement, ...] = ()  # the movements with their amounts
    rounds: int = 1  # For Time rounds; a scheme's length
    scaled_rounds: int = 1
    rep_scheme: tuple[int, ...] = ()  # DESCENDING: (21, 15, 9)
    scaled_rep_scheme: tuple[int, ...] = ()
    minutes: int = 0  # the Rx time cap, or an AMRAP's length
    scaled_minutes: int = 0


def _benchmark(
    slug: str,
    name: str,
    *,
    wod_format: WodFormat,
    rx: str,
    scaled: str,
    workout: Sequence[tuple[str, int, int]],
    equipment: Sequence[str],
    minutes: tuple[int, int],
    rounds: tuple[int, int] = (1, 1),
    schemes: tuple[tuple[int, ...], tuple[int, ...]] = ((), ()),
    hero: bool = False,
) -> Benchmark:
    movements = tuple(BenchmarkMovement(*row) for row in workout)
    return Benchmark(
        slug=slug,
        name=name,
        hero=hero,
        format=wod_format,
        score_type=ScoreType.ROUNDS_REPS if wod_format == WodFormat.AMRAP else ScoreType.TIME,
        rx=rx,
        scaled=scaled,
        movements=tuple(dict.fromkeys(m.name for m in movements)),
        equipment=frozenset(equipment),
        workout=movements,
        rounds=len(schemes[0]) if schemes[0] else rounds[0],
        scaled_rounds=len(schemes[1]) if schemes[1] else rounds[1],
        rep_scheme=schemes[0],
        scaled_rep_scheme=schemes[1],
        minutes=minutes[0],
        scaled_minutes=minutes[1],
    )


_DESCENDING = WodFormat.DESCENDING
_FOR_TIME = WodFormat.FOR_TIME

BENCHMARKS: tuple[Benchmark, ...] = (
    _benchmark(
        "fran",
        "Fran",
        wod_format=_DESCENDING,
        rx="21-15-9 for time: thrusters (29/43 kg), pull-ups",
        scaled="15-12-9 for time: thrusters or front squats (lighter), jumping pull-ups or "
        "ring rows",
        workout=(("Thruster", 21, 15), ("Pull-Up", 21, 15)),
        equipment=("barbell", "pull_up_bar"),
        minutes=(10, 10),
        schemes=((21, 15, 9), (15, 12, 9)),
    ),
    _benchmark(
        "grace",
        "Grace",
        wod_format=_FOR_TIME,
        rx="30 clean and jerks for time (43/61 kg)",
        scaled="20 clean and jerks (lighter) or sumo deadlift high pulls for time",
        workout=(("Clean and Jerk", 30, 20),),
        equipment=("barbell",),
        minutes=(10, 8),
    ),
    _benchmark(
        "isabel",
        "Isabel",
        wod_format=_FOR_TIME,
        rx="30 snatches for time (43/61 kg)",
        scaled="20 hang power snatches (lighter) or sumo deadlift high pulls for time",
        workout=(("Power Snatch", 30, 20),),
        equipment=("barbell",),
        minutes=(10, 8),
    ),
    _benchmark(
        "helen",
        "Helen",
        wod_format=_FOR_TIME,
        rx="3 rounds for time: 400 m run, 21 kettlebell swings (16/24 kg), 12 pull-ups",
        scaled="3 rounds for time: 400 m run, 15 kettlebell swings (lighter), 9 jumping "
        "pull-ups or ring rows",
        workout=(("Run", 400, 400), ("American Kettlebell Swing", 21, 15), ("Pull-Up", 12, 9)),
        equipment=("kettlebell", "pull_up_bar"),
        minutes=(15, 15),
        rounds=(3, 3),
    ),
    _benchmark(
        "diane",
        "Diane",
        wod_format=_DESCENDING,
        rx="21-15-9 for time: deadlifts (70/102 kg), handstand push-ups",
        scaled="15-12-9 for time: deadlifts (lighter), pike push-ups",
        workout=(("Deadlift", 21, 15), ("Handstand Push-Up", 21, 15)),
        equipment=("barbell",),
        minutes=(10, 10),
        schemes=((21, 15, 9), (15, 12, 9)),
    ),
    _benchmark(
        "elizabeth",
        "Elizabeth",
        wod_format=_DESCENDING,
        rx="21-15-9 for time: squat cleans (43/61 kg), ring dips",
        scaled="15-12-9 for time: power cleans or sumo deadlift high pulls (lighter), bench "
        "dips or knee push-ups",
        workout=(("Squat Clean", 21, 15), ("Ring Dip", 21, 15)),
        equipment=("barbell", "rings"),
        minutes=(12, 12),
        schemes=((21, 15, 9), (15, 12, 9)),
    ),
    _benchmark(
        "annie",
        "Annie",
        wod_format=_DESCENDING,
        rx="50-40-30-20-10 for time: double-unders, sit-ups",
        scaled="25-20-15-10-5 for time: double-unders or single-unders, sit-ups",
        workout=(("Double-Under", 50, 25), ("Sit-Up", 50, 25)),
        equipment=("jump_rope",),
        minutes=(15, 12),
        schemes=((50, 40, 30, 20, 10), (25, 20, 15, 10, 5)),
    ),
    _benchmark(
        "cindy",
        "Cindy",
        wod_format=WodFormat.AMRAP,
        rx="AMRAP 20 min: 5 pull-ups, 10 push-ups, 15 air squats",
        scaled="AMRAP 20 min: 5 jumping pull-ups or ring rows, 10 knee push-ups, 15 air squats",
        workout=(("Pull-Up", 5, 5), ("Push-Up", 10, 10), ("Air Squat", 15, 15)),
        equipment=("pull_up_bar",),
        minutes=(20, 20),
    ),
    _benchmark(
        "karen",
        "Karen",
        wod_format=_FOR_TIME,
        rx="150 wall balls for time (6/9 kg)",
        scaled="75 wall balls for time (lighter)",
        workout=(("Wall Ball", 150, 75),),
        equipment=("medicine_ball",),
        minutes=(15, 10),
    ),
    _benchmark(
        "nancy",
        "Nancy",
        wod_format=_FOR_TIME,
        rx="5 rounds for time: 400 m run, 15 overhead squats (29/43 kg)",
        scaled="5 rounds for time: 200 m run, 9 overhead squats or front squats (lighter)",
        workout=(("Run", 400, 200), ("Overhead Squat", 15, 9)),
        equipment=("barbell",),
        minutes=(20, 15),
        rounds=(5, 5),
    ),
    _benchmark(
        "kelly",
        "Kelly",
        wod_format=_FOR_TIME,
        rx="5 rounds for time: 400 m run, 30 box jumps (50/60 cm), 30 wall balls (6/9 kg)",
        scaled="3 rounds for time: 400 m run, 20 box jumps or step-ups, 20 wall balls (lighter)",
        workout=(("Run", 400, 400), ("Box Jump", 30, 20), ("Wall Ball", 30, 20)),
        equipment=("box", "medicine_ball"),
        minutes=(40, 25),
        rounds=(5, 3),
    ),
    _benchmark(
        "angie",
        "Angie",
        wod_format=WodFormat.CHIPPER,
        rx="For time: 100 pull-ups, 100 push-ups, 100 sit-ups, 100 air squats",
        scaled="For time: 50 jumping pull-ups or ring rows, 50 knee push-ups, 50 sit-ups, 50 "
        "air squats",
        workout=(("Pull-Up", 100, 50), ("Push-Up", 100, 50), ("Sit-Up", 100, 50)),
        equipment=("pull_up_bar",),
        minutes=(30, 20),
    ),
    _benchmark(
        "murph",
        "Murph",
        wod_format=WodFormat.CHIPPER,
        rx="For time: 1 mile run, 100 pull-ups, 200 push-ups, 300 air squats, 1 mile run, in a "
        "6.4/9 kg vest (partition the middle as needed)",
        scaled="Half Murph for time: 800 m run, 50 pull-ups or ring rows, 100 push-ups or knee "
        "push-ups, 150 air squats, 800 m run, no vest",
        workout=(
            ("Run", 1600, 800),
            ("Pull-Up", 100, 50),
            ("Push-Up", 200, 100),
            ("Air Squat", 300, 150),
            ("Run", 1600, 800),
        ),
        equipment=("pull_up_bar",),
        minutes=(60, 40),
        hero=True,
    ),
)
BENCHMARKS_BY_SLUG = {b.slug: b for b in BENCHMARKS}


@dataclass(frozen=True, slots=True)
class BenchmarkMetcon:
    """A benchmark as one athlete does it: the version, the exercises (the Rx ones or their
    substitutes) with their amounts and loads, the clock and the expected score."""

    benchmark: Benchmark
    scaled: bool
    exercises: tuple[Prepared, ...]
    amounts: tuple[int, ...]  # a round's (a scheme's first round's)
    loads: tuple[tuple[float | None, float | None], ...]  # (men's, women's)
    rounds: int
    rep_scheme: tuple[int, ...]
    minutes: int  # the cap, or the AMRAP's length
    expected_seconds: int  # For Time: the work at the level's pace; AMRAP: the clock
    expected_rounds: float | None  # AMRAP only


def benchmark_metcon(
    benchmark: Benchmark,
    *,
    profile: AthleteProfile,
    catalogue: Mapping[int, CatalogueExercise],
    prepared: Mapping[int, Prepared],
    scaled: bool = False,
) -> BenchmarkMetcon | None:
    """`benchmark` for the athlete: Rx when allowed (and not `scaled`), else scaled with
    substitutes; None when some movement, or every substitute of it, is out of their reach
    (equipment, space, level) or missing from the catalogue."""
    by_name = {row.name: row for row in sorted(catalogue.values(), key=lambda row: row.id)}
    rows = [by_name.get(m.name) for m in benchmark.workout]
    if None in rows or not benchmark.workout:
        return None
    level = profile.level
    if not scaled and all(_allowed(row, profile) for row in rows):
        rx = _build(benchmark, rows, profile, prepared, scaled=False)
        if all(
            total <= catalogue[exercise_id].max_per_session.at(level)
            for exercise_id, total in _totals(rx).items()
        ):
            return rx
    substitutes = []
    for row in rows:
        if _allowed(row, profile):
            substitutes.append(row)
            continue
        order = (row.beginner_substitute_id, row.scaled_substitute_id)
        if level != Level.BEGINNER:
            order = order[::-1]
        found = next(
            (
                catalogue[i]
                for i in order
                if i is not None and i in catalogue and _allowed(catalogue[i], profile)
            ),
            None,
        )
        if found is None:
            return None
        substitutes.append(found)
    return _build(benchmark, substitutes, profile, prepared, scaled=True)


def _allowed(row: CatalogueExercise, profile: AthleteProfile) -> bool:
    return (
        row.equipment <= profile.equipment | {BODYWEIGHT}
        and row.needs <= profile.space
        and row.difficulty <= DIFFICULTY_CAP[profile.level]
        and row.max_per_session.at(profile.level) > 0
    )


def _totals(metcon: BenchmarkMetcon) -> dict[int, int]:
    """Each exercise's units over the whole metcon, by id (Murph runs twice)."""
    totals: dict[int, int] = {}
    bouts = _bouts(metcon)
    for e, amount in zip(metcon.exercises, metcon.amounts, strict=True):
        units = (
            sum(scheme_amounts(amount, metcon.rep_scheme)) if metcon.rep_scheme else amount * bouts
        )
        totals[e.id] = totals.get(e.id, 0) + units
    return totals


def _bouts(metcon: BenchmarkMetcon) -> int:
    if metcon.benchmark.format == WodFormat.AMRAP:
        return math.ceil(metcon.expected_rounds or 0)
    return metcon.rounds


def _build(benchmark, rows, profile, prepared, *, scaled: bool) -> BenchmarkMetcon:
    level = profile.level
    exercises = tuple(prepared[row.id] for row in rows)
    amounts = tuple(m.scaled if scaled else m.rx for m in benchmark.workout)
    rounds = benchmark.scaled_rounds if scaled else benchmark.rounds
    scheme = benchmark.scaled_rep_scheme if scaled else benchmark.rep_scheme
    minutes = benchmark.scaled_minutes if scaled else benchmark.minutes
    movement_loads = []
    for row, e in zip(rows, exercises, strict=True):
        if row.load_kg is None:
            movement_loads.append((None, None))
        elif not scaled:
            movement_loads.append((row.load_kg, row.load_women_kg))
        else:
            men, women = loads(e, level=level, goal=profile.goal)
            movement_loads.append((min(men, row.load_kg), min(women, row.load_women_kg)))
    transition = TRANSITION_S[level]
    if scheme:
        round_amounts = [scheme_amounts(a, scheme) for a in amounts]
        expected = sum(
            sum(r[i] * e.pace[level] for r, e in zip(round_amounts, exercises, strict=True))
            + len(exercises) * transition
            for i in range(len(scheme))
        )
    else:
        expected = rounds * (
            sum(a * e.pace[level] for a, e in zip(amounts, exercises, strict=True))
            + len(exercises) * transition
        )
    expected_rounds = None
    if benchmark.format == WodFormat.AMRAP:
        expected_rounds = math.floor(minutes * 60 / expected * 10) / 10
        expected = minutes * 60
    else:
        # The published cap, or more when the athlete's level needs it to finish.
        minutes = max(minutes, math.ceil(expected * 1.2 / 60))
    return BenchmarkMetcon(
        benchmark=benchmark,
        scaled=scaled,
        exercises=exercises,
        amounts=amounts,
        loads=tuple(movement_loads),
        rounds=rounds,
        rep_scheme=scheme,
        minutes=minutes,
        expected_seconds=round(expected),
        expected_rounds=expected_rounds,
    )
