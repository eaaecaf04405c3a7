"""Workout-of-the-day generator: a pure function of catalogue, athlete, history and random source.

Nothing here imports Django; the service layer maps ORM rows into these dataclasses and stores
the seed it built ``rng`` from, so a stored WOD can be regenerated bit for bit.

Which exercises a WOD uses
--------------------------
1. *Allowed pool*: exercises whose equipment is a subset of the athlete's equipment plus
   ``"bodyweight"`` and whose difficulty is within the level's cap (beginner <= 2,
   intermediate <= 4, advanced: any). These two rules are never relaxed, except that when no
   exercise passes them the pool becomes the lowest-difficulty bodyweight-only exercises
   (equipment a subset of ``{"bodyweight"}``). When even that is empty, ``ValueError``.
2. *Movement count*: a target of 2..6 is drawn from the format. Exercises of the previous WOD
   (``history[0]``) are left out whenever at least 2 others are allowed, and the count shrinks
   to what is left. Otherwise the count is capped by the allowed pool, every allowed exercise
   not in the previous WOD is used and the rest repeat previous ones. So a WOD has fewer than
   2 movements only when fewer than 2 exercises are allowed; it is never empty.
3. *Choice for that count*, by priority (a lower one gives way to a higher one):
   a. as few exercises of the previous WOD as possible (see 2);
   b. WODs of 3+ movements mix at least two modalities whenever the candidates hold two;
   c. as many distinct primary muscle groups as possible, so couplets and triplets never
      repeat a muscle group when some valid choice avoids it;
   d. soft: the goal's lead modality (endurance: monostructural, muscle gain: weightlifting)
      appears when it can; exercises are drawn weighted by the goal's modality weights and by
      how many of the last 7 WODs used them (each use divides the weight by 4).
   Every selection reaches the best (a, b, c) any selection of that count could reach.

Format and prescription
-----------------------
The goal weights the draw of format (For Time, AMRAP, EMOM) and time domain (short <= 10 min,
medium <= 20, long); the minutes come from the domain. EMOM minute i does movement i mod n,
so its minutes are a multiple of n and each movement is sized to about 40 s of work. For Time
runs 3 to 10 rounds, its volumes sized so the rounds fill most of the cap. Volumes scale with
level and goal (muscle gain: fewer reps of loaded movements; endurance and weight loss: more)
and round to usual numbers. A load is the reference load times the level factor (beginner
0.6, intermediate 1, advanced 1.25) times the goal factor (muscle gain 1.2, endurance 0.8,
weight loss 0.85), rounded to the implement's step: 4 kg for kettlebells, 1 kg for medicine
balls, 2.5 kg otherwise.

Everything iterates in exercise-id order, never in set order, so the output does not depend on
string hash randomisation.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import attrgetter
from typing import Generic, TypeVar

from coaching.vocabulary import (
    BARBELL,
    BODYWEIGHT,
    DUMBBELL,
    KETTLEBELL,
    MEDICINE_BALL,
    Goal,
    Level,
    Measurement,
    Modality,
    TimeDomain,
    WodFormat,
)

GENERATOR_VERSION = 1

MIN_MOVEMENTS = 2
MAX_MOVEMENTS = 6
RECENT_WODS_CONSIDERED = 7

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class CatalogueExercise:
    id: int
    name: str
    modality: str  # a Modality
    difficulty: int  # 1..5
    primary_muscle_group: str
    equipment: frozenset[str]
    measurement: str  # a Measurement
    load_kg: float | None  # reference load (intermediate); None = takes no load


@dataclass(frozen=True, slots=True)
class AthleteProfile:
    goal: str  # a Goal
    level: str  # a Level
    equipment: frozenset[str]  # BODYWEIGHT is always allowed, listed or not


@dataclass(frozen=True, slots=True)
class Movement:
    exercise_id: int
    exercise_name: str
    order: int  # 1-based
    reps: int | None
    distance_m: int | None
    calories: int | None
    seconds: int | None
    load_kg: float | None


@dataclass(frozen=True, slots=True)
class GeneratedWod:
    format: WodFormat
    time_domain: TimeDomain  # short <= 10 min, medium <= 20 min, long
    minutes: int  # AMRAP/EMOM duration; For Time: the time cap
    rounds: int | None  # For Time only
    description: str
    movements: tuple[Movement, ...]
    generator_version: int


class _WeightedTable(Generic[T]):
    """Weighted random choice over a fixed table, cheaper than ``Random.choices`` per draw."""

    __slots__ = ("_cumulative", "_total", "_values")

    def __init__(self, weights: dict[T, float]) -> None:
        self._values = tuple(weights)
        self._cumulative = tuple(accumulate(weights.values()))
        self._total = self._cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        index = bisect_right(self._cumulative, rng.random() * self._total)
        # rng.random() * total can round up to total itself.
        return self._values[min(index, len(self._values) - 1)]


@dataclass(frozen=True, slots=True)
class _GoalStyle:
    formats: _WeightedTable[WodFormat]
    time_domains: _WeightedTable[TimeDomain]
    modality_weights: dict[Modality, float]
    lead_modality: Modality | None
    load_factor: float
    loaded_volume_factor: float
    unloaded_volume_factor: float


_GOAL_STYLES = {
    Goal.GENERAL_FITNESS: _GoalStyle(
        formats=_WeightedTable(
            {WodFormat.FOR_TIME: 1.0, WodFormat.AMRAP: 1.0, WodFormat.EMOM: 1.0}
        ),
        time_domains=_WeightedTable(
            {TimeDomain.SHORT: 0.3, TimeDomain.MEDIUM: 0.4, TimeDomain.LONG: 0.3}
        ),
        modality_weights={
            Modality.WEIGHTLIFTING: 1.0,
            Modality.GYMNASTICS: 1.0,
            Modality.MONOSTRUCTURAL: 1.0,
        },
        lead_modality=None,
        load_factor=1.0,
        loaded_volume_factor=1.0,
        unloaded_volume_factor=1.0,
    ),
    Goal.ENDURANCE: _GoalStyle(
        formats=_WeightedTable(
            {WodFormat.FOR_TIME: 0.45, WodFormat.AMRAP: 0.45, WodFormat.EMOM: 0.1}
        ),
        time_domains=_WeightedTable(
            {TimeDomain.SHORT: 0.05, TimeDomain.MEDIUM: 0.25, TimeDomain.LONG: 0.7}
        ),
        modality_weights={
            Modality.WEIGHTLIFTING: 0.7,
            Modality.GYMNASTICS: 1.0,
            Modality.MONOSTRUCTURAL: 3.0,
        },
        lead_modality=Modality.MONOSTRUCTURAL,
        load_factor=0.8,
        loaded_volume_factor=1.3,
        unloaded_volume_factor=1.3,
    ),
    Goal.MUSCLE_GAIN: _GoalStyle(
        # EMOMs suit heavy sets with built-in rest.
        formats=_WeightedTable(
            {WodFormat.FOR_TIME: 0.3, WodFormat.AMRAP: 0.25, WodFormat.EMOM: 0.45}
        ),
        time_domains=_WeightedTable(
            {TimeDomain.SHORT: 0.45, TimeDomain.MEDIUM: 0.45, TimeDomain.LONG: 0.1}
        ),
        modality_weights={
            Modality.WEIGHTLIFTING: 3.0,
            Modality.GYMNASTICS: 1.5,
            Modality.MONOSTRUCTURAL: 0.5,
        },
        lead_modality=Modality.WEIGHTLIFTING,
        load_factor=1.2,
        loaded_volume_factor=0.6,
        unloaded_volume_factor=0.9,
    ),
    Goal.WEIGHT_LOSS: _GoalStyle(
        formats=_WeightedTable(
            {WodFormat.FOR_TIME: 0.35, WodFormat.AMRAP: 0.4, WodFormat.EMOM: 0.25}
        ),
        time_domains=_WeightedTable(
            {TimeDomain.SHORT: 0.15, TimeDomain.MEDIUM: 0.45, TimeDomain.LONG: 0.4}
        ),
        modality_weights={
            Modality.WEIGHTLIFTING: 1.0,
            Modality.GYMNASTICS: 1.0,
            Modality.MONOSTRUCTURAL: 1.5,
        },
        lead_modality=None,
        load_factor=0.85,
        loaded_volume_factor=1.2,
        unloaded_volume_factor=1.2,
    ),
}

_DIFFICULTY_CAP = {Level.BEGINNER: 2, Level.INTERMEDIATE: 4, Level.ADVANCED: math.inf}
_LEVEL_LOAD_FACTOR = {Level.BEGINNER: 0.6, Level.INTERMEDIATE: 1.0, Level.ADVANCED: 1.25}
_LEVEL_VOLUME_FACTOR = {Level.BEGINNER: 0.8, Level.INTERMEDIATE: 1.0, Level.ADVANCED: 1.15}

_MOVEMENT_COUNTS = {
    WodFormat.FOR_TIME: _WeightedTable({2: 3.0, 3: 4.0, 4: 2.0, 5: 1.0, 6: 0.5}),
    WodFormat.AMRAP: _WeightedTable({2: 2.0, 3: 4.0, 4: 3.0, 5: 1.0, 6: 0.5}),
    WodFormat.EMOM: _WeightedTable({2: 3.0, 3: 3.0, 4: 3.0, 5: 1.0, 6: 1.0}),
}

_MINUTES = {
    (WodFormat.AMRAP, TimeDomain.SHORT): (5, 6, 7, 8, 9, 10),
    (WodFormat.AMRAP, TimeDomain.MEDIUM): (12, 14, 15, 16, 18, 20),
    (WodFormat.AMRAP, TimeDomain.LONG): (24, 25, 30, 35),
    (WodFormat.FOR_TIME, TimeDomain.SHORT): (6, 8, 10),
    (WodFormat.FOR_TIME, TimeDomain.MEDIUM): (12, 15, 18, 20),
    (WodFormat.FOR_TIME, TimeDomain.LONG): (25, 30, 35, 40),
}
# EMOM minute i does movement i mod n, so the clock runs a whole number of cycles.
_EMOM_MINUTES = {
    (domain, count): tuple(m for m in minutes if m % count == 0)
    for domain, minutes in (
        (TimeDomain.SHORT, (6, 8, 9, 10)),
        (TimeDomain.MEDIUM, (12, 14, 15, 16, 18, 20)),
        (TimeDomain.LONG, (24, 25, 28, 30)),
    )
    for count in range(1, MAX_MOVEMENTS + 1)
}
# Preferred For Time rounds by movement count (2 stands for fewer too, 4 for more): couplets
# go many rounds, chippers few.
_FOR_TIME_ROUNDS = {
    2: _WeightedTable({3: 1.0, 4: 1.0, 5: 3.0, 6: 1.0, 7: 1.0, 8: 1.0, 10: 1.0}),
    3: _WeightedTable({3: 2.0, 4: 2.0, 5: 3.0, 6: 1.0, 7: 1.0}),
    4: _WeightedTable({3: 3.0, 4: 2.0, 5: 2.0}),
}

_EMOM_WORK_SECONDS = 40.0  # leaves about 20 s of each minute to rest
_FOR_TIME_WORK_SHARE = 0.8  # the cap leaves room for transitions and slowing down
_MIN_ROUNDS, _MAX_ROUNDS = 3, 10
# How far For Time may shrink or stretch volumes to fill its cap.
_MIN_VOLUME_SCALE, _MAX_VOLUME_SCALE = 0.5, 1.5
_AMRAP_DOMAIN_VOLUME = {TimeDomain.SHORT: 0.8, TimeDomain.MEDIUM: 1.0, TimeDomain.LONG: 1.2}
_USAGE_WEIGHTS = tuple(0.25**uses for uses in range(RECENT_WODS_CONSIDERED + 1))
_REJECTION_ATTEMPTS = 12

_REP_COUNTS = (
    *range(1, 11),
    *(12, 14, 15, 16, 18, 20, 21, 24, 25, 30, 35, 40, 45, 50, 60, 70, 75, 80, 90, 100),
)
_CALORIE_COUNTS = tuple(count for count in _REP_COUNTS if count >= 4)
_RUN_DISTANCES = (100, 150, 200, 250, 300, 400, 500, 600, 800, 1000, 1200, 1600, 2000)
_CARRY_DISTANCES = (10, 15, 20, 25, 30, 40, 50)
_MONOSTRUCTURAL_SECONDS = (20, 30, 40, 45, 60, 90, 120)
_HOLD_SECONDS = (20, 30, 40, 45, 60)

# Reps at intermediate level for a general-fitness medium WOD, by modality and difficulty.
_BASE_REPS = {
    Modality.WEIGHTLIFTING: {1: 15, 2: 12, 3: 10, 4: 7, 5: 5},
    Modality.GYMNASTICS: {1: 20, 2: 15, 3: 10, 4: 7, 5: 5},
    Modality.MONOSTRUCTURAL: {1: 60, 2: 50, 3: 30, 4: 20, 5: 15},
}
# The first implement found sets the rounding step of the load.
_PLATE_STEPS = ((BARBELL, 2.5), (DUMBBELL, 2.5), (KETTLEBELL, 4.0), (MEDICINE_BALL, 1.0))
_DEFAULT_PLATE_STEP = 2.5


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A catalogue exercise with everything the hot path needs computed once."""

    id: int
    name: str
    modality: str
    muscle: str
    difficulty: int
    measurement: str
    load_kg: float | None
    plate_step_kg: float
    extra_equipment: frozenset[str]
    singular: str
    plural: str
    base_volume: float
    seconds_per_unit: float
    volume_options: tuple[int, ...]


class WodGenerator:
    """Generates WODs from one catalogue; build it once and call ``generate`` many times.

    The catalogue (``catalogue``, in id order) and what is derived from it are fixed at
    construction. The one thing that grows is a memo of allowed pools by (level, equipment),
    at most ``_MAX_CACHED_POOLS`` entries (emptied when full): it changes no output, only
    spares recomputing a pool for athletes who share level and equipment.

    Raises ``ValueError`` for duplicate exercise ids or an unknown modality or measurement.
    """

    __slots__ = ("_bodyweight_fallback", "_exercises", "_pools", "catalogue")
    _MAX_CACHED_POOLS = 256

    def __init__(self, catalogue: Sequence[CatalogueExercise]) -> None:
        self.catalogue = tuple(sorted(catalogue, key=attrgetter("id")))
        exercises = tuple(_prepare(exercise) for exercise in self.catalogue)
        ids = [exercise.id for exercise in exercises]
        if len(set(ids)) != len(ids):
            raise ValueError("catalogue exercise ids must be unique")
        self._exercises = exercises
        bodyweight_only = [e for e in exercises if not e.extra_equipment]
        easiest = min((e.difficulty for e in bodyweight_only), default=None)
        self._bodyweight_fallback = tuple(e for e in bodyweight_only if e.difficulty == easiest)
        self._pools: dict[tuple[str, frozenset[str]], _Pool] = {}

    def generate(
        self,
        *,
        profile: AthleteProfile,
        history: Sequence[Sequence[int]],
        rng: random.Random,
    ) -> GeneratedWod:
        """Raises ``ValueError`` for an unknown goal or level, or when nothing is allowed."""
        style = _GOAL_STYLES.get(profile.goal)
        if style is None:
            raise ValueError(f"unknown goal {profile.goal!r}")
        pool = self._allowed_pool(level=profile.level, equipment=profile.equipment)

        recent = history[:RECENT_WODS_CONSIDERED]
        previous = frozenset(recent[0]) if recent else frozenset()
        uses: dict[int, int] = {}
        for wod in recent:
            for exercise_id in set(wod):
                uses[exercise_id] = uses.get(exercise_id, 0) + 1

        wod_format = style.formats.pick(rng)
        time_domain = style.time_domains.pick(rng)
        exercises = _select(
            pool=pool,
            previous=previous,
            uses=uses,
            count=_MOVEMENT_COUNTS[wod_format].pick(rng),
            goal=profile.goal,
            style=style,
            rng=rng,
        )
        rng.shuffle(exercises)
        if wod_format == WodFormat.EMOM:
            minutes = rng.choice(_EMOM_MINUTES[time_domain, len(exercises)])
        else:
            minutes = rng.choice(_MINUTES[wod_format, time_domain])
        movements, rounds = _prescribe(
            exercises=exercises,
            style=style,
            level=profile.level,
            wod_format=wod_format,
            time_domain=time_domain,
            minutes=minutes,
            rng=rng,
        )
        return GeneratedWod(
            format=wod_format,
            time_domain=time_domain,
            minutes=minutes,
            rounds=rounds,
            description=_describe(
                wod_format=wod_format,
                minutes=minutes,
                rounds=rounds,
                exercises=exercises,
                movements=movements,
            ),
            movements=movements,
            generator_version=GENERATOR_VERSION,
        )

    def _allowed_pool(self, *, level: str, equipment: frozenset[str]) -> _Pool:
        key = (level, frozenset(equipment))
        pool = self._pools.get(key)
        if pool is not None:
            return pool
        cap = _DIFFICULTY_CAP.get(level)
        if cap is None:
            raise ValueError(f"unknown level {level!r}")
        exercises = tuple(
            e for e in self._exercises if e.difficulty <= cap and e.extra_equipment <= key[1]
        )
        if not exercises:
            exercises = self._bodyweight_fallback
        if not exercises:
            raise ValueError("no exercise of the catalogue is allowed for this athlete")
        pool = _Pool(exercises)
        # Athletes share few distinct equipment sets; the bound only guards odd inputs.
        if len(self._pools) >= self._MAX_CACHED_POOLS:
            self._pools.clear()
        self._pools[key] = pool
        return pool


def generate_wod(
    *,
    catalogue: Sequence[CatalogueExercise],
    profile: AthleteProfile,
    history: Sequence[Sequence[int]],
    rng: random.Random,
) -> GeneratedWod:
    """One WOD for ``profile``; same inputs and an equally seeded ``rng`` give the same WOD.

    history: exercise ids of the athlete's recent WODs, most recent first; the first
    ``RECENT_WODS_CONSIDERED`` count, older ones are ignored (the service passes no more).

    Builds a ``WodGenerator`` for this one WOD; to generate many from one catalogue, build the
    generator once and call its ``generate``.

    Raises ``ValueError`` when no exercise is allowed (nothing passes equipment and difficulty
    and the catalogue has no bodyweight-only exercise), for an unknown goal or level, and for
    a catalogue with duplicate ids or an unknown modality or measurement.
    """
    return WodGenerator(catalogue).generate(profile=profile, history=history, rng=rng)


def _prepare(exercise: CatalogueExercise) -> _Prepared:
    if exercise.modality not in _MODALITIES:
        raise ValueError(f"exercise {exercise.id}: unknown modality {exercise.modality!r}")
    if exercise.measurement not in _MEASUREMENTS:
        raise ValueError(f"exercise {exercise.id}: unknown measurement {exercise.measurement!r}")
    singular = _display_name(exercise.name)
    return _Prepared(
        id=exercise.id,
        name=exercise.name,
        modality=exercise.modality,
        muscle=exercise.primary_muscle_group,
        difficulty=exercise.difficulty,
        measurement=exercise.measurement,
        load_kg=exercise.load_kg,
        plate_step_kg=next(
            (step for slug, step in _PLATE_STEPS if slug in exercise.equipment),
            _DEFAULT_PLATE_STEP,
        ),
        extra_equipment=exercise.equipment - {BODYWEIGHT},
        singular=singular,
        plural=_pluralise(singular),
        base_volume=_base_volume(exercise),
        seconds_per_unit=_seconds_per_unit(exercise),
        volume_options=_volume_options(exercise),
    )


# Enum containment refuses plain strings before Python 3.12; sets of members accept them.
_MODALITIES = frozenset(Modality)
_MEASUREMENTS = frozenset(Measurement)


def _clamped_difficulty(exercise: CatalogueExercise) -> int:
    return min(max(exercise.difficulty, 1), 5)


def _base_volume(exercise: CatalogueExercise) -> float:
    monostructural = exercise.modality == Modality.MONOSTRUCTURAL
    if exercise.measurement == Measurement.REPS:
        return _BASE_REPS[exercise.modality][_clamped_difficulty(exercise)]
    if exercise.measurement == Measurement.DISTANCE:
        if monostructural:
            return 400
        return 30 if exercise.difficulty < 4 else 15
    if exercise.measurement == Measurement.CALORIES:
        return 15
    return 60 if monostructural else 40


def _seconds_per_unit(exercise: CatalogueExercise) -> float:
    """Rough work time of one rep, metre, calorie or second, to size volumes to the clock."""
    monostructural = exercise.modality == Modality.MONOSTRUCTURAL
    if exercise.measurement == Measurement.REPS:
        if monostructural:
            return 0.5
        easiest = 2.0 if exercise.modality == Modality.WEIGHTLIFTING else 1.5
        return easiest + 0.5 * (_clamped_difficulty(exercise) - 1)
    if exercise.measurement == Measurement.DISTANCE:
        return 0.25 if monostructural else 1.0
    if exercise.measurement == Measurement.CALORIES:
        return 4.0
    return 1.0


def _volume_options(exercise: CatalogueExercise) -> tuple[int, ...]:
    monostructural = exercise.modality == Modality.MONOSTRUCTURAL
    if exercise.measurement == Measurement.REPS:
        return _REP_COUNTS
    if exercise.measurement == Measurement.DISTANCE:
        return _RUN_DISTANCES if monostructural else _CARRY_DISTANCES
    if exercise.measurement == Measurement.CALORIES:
        return _CALORIE_COUNTS
    return _MONOSTRUCTURAL_SECONDS if monostructural else _HOLD_SECONDS


class _Pool:
    """The exercises an athlete may do, with what selection needs computed once."""

    __slots__ = ("base_weights", "exercises", "index_by_id", "muscle_counts")

    def __init__(self, exercises: tuple[_Prepared, ...]) -> None:
        self.exercises = exercises
        self.index_by_id = {e.id: index for index, e in enumerate(exercises)}
        self.base_weights = {
            goal: [style.modality_weights[e.modality] for e in exercises]
            for goal, style in _GOAL_STYLES.items()
        }
        self.muscle_counts = _muscle_counts(exercises)


def _muscle_counts(exercises: Sequence[_Prepared]) -> dict[str, dict[str, int]]:
    """How many exercises there are per modality and primary muscle group."""
    counts: dict[str, dict[str, int]] = {}
    for e in exercises:
        by_muscle = counts.setdefault(e.modality, {})
        by_muscle[e.muscle] = by_muscle.get(e.muscle, 0) + 1
    return counts


def _muscle_counts_without(
    counts: dict[str, dict[str, int]], removed: Sequence[_Prepared]
) -> dict[str, dict[str, int]]:
    remaining = dict(counts)
    for e in removed:
        by_muscle = remaining[e.modality]
        if by_muscle is counts[e.modality]:
            by_muscle = remaining[e.modality] = dict(by_muscle)
        by_muscle[e.muscle] -= 1
        if not by_muscle[e.muscle]:
            del by_muscle[e.muscle]
            if not by_muscle:
                del remaining[e.modality]
    return remaining


def _select(
    *,
    pool: _Pool,
    previous: frozenset[int],
    uses: dict[int, int],
    count: int,
    goal: str,
    style: _GoalStyle,
    rng: random.Random,
) -> list[_Prepared]:
    """The exercises of one WOD in pick order; see the module docstring for the rules.

    Candidates are the whole pool, an excluded exercise having weight zero, so that a call
    only touches the few exercises the history names.
    """
    exercises = pool.exercises
    weights = pool.base_weights[goal].copy()
    for exercise_id, times in uses.items():
        index = pool.index_by_id.get(exercise_id)
        if index is not None:
            weights[index] *= _USAGE_WEIGHTS[times]
    repeated = sorted(i for i in map(pool.index_by_id.get, previous) if i is not None)

    chosen: list[_Prepared] = []
    excluded: list[int] = []
    if len(exercises) - len(repeated) >= MIN_MOVEMENTS:
        excluded = repeated
        for index in excluded:
            weights[index] = 0.0
        count = min(count, len(exercises) - len(excluded))
    else:
        # Too few fresh exercises: take them all and repeat as few previous ones as the
        # count needs.
        repeated_indices = set(repeated)
        chosen = [e for index, e in enumerate(exercises) if index not in repeated_indices]
        count = min(count, len(exercises))

    muscle_counts = pool.muscle_counts
    if count >= 3 and excluded:
        muscle_counts = _muscle_counts_without(muscle_counts, [exercises[i] for i in excluded])
    needs_mix = count >= 3 and len(muscle_counts) >= 2

    cumulative = list(accumulate(weights))
    taken = {e.id for e in chosen}
    while len(chosen) < count:
        preferences: list[Callable[[_Prepared], bool]] = []
        chosen_modalities = {e.modality for e in chosen}
        if needs_mix and len(chosen_modalities) < 2:
            if chosen:
                # Take the second modality now, so later picks are free to spread muscles.
                preferences.append(_modality_other_than(next(iter(chosen_modalities))))
            else:
                preferences.extend(_partner_preference(muscle_counts))
        if chosen:
            preferences.append(_muscle_not_in({e.muscle for e in chosen}))
        if style.lead_modality is not None and style.lead_modality not in chosen_modalities:
            preferences.append(_modality_is(style.lead_modality))
        pick = _draw(
            exercises=exercises,
            weights=weights,
            cumulative=cumulative,
            taken=taken,
            preferences=preferences,
            rng=rng,
        )
        chosen.append(pick)
        taken.add(pick.id)
    return chosen


def _partner_preference(
    muscle_counts: dict[str, dict[str, int]],
) -> list[Callable[[_Prepared], bool]]:
    """For the first pick of a mixed WOD: prefer exercises that have a partner of another
    modality and another muscle group, so the pair that satisfies the mix spreads muscles.

    Such a partner exists for someone unless every candidate shares one muscle group.
    """
    if len(set().union(*muscle_counts.values())) < 2:
        return []
    muscles_elsewhere = {
        modality: set().union(*(m for other, m in muscle_counts.items() if other != modality))
        for modality in muscle_counts
    }

    def has_partner(exercise: _Prepared) -> bool:
        others = muscles_elsewhere[exercise.modality]
        return len(others) > 1 or (len(others) == 1 and exercise.muscle not in others)

    return [has_partner]


def _modality_other_than(modality: str) -> Callable[[_Prepared], bool]:
    return lambda exercise: exercise.modality != modality


def _modality_is(modality: str) -> Callable[[_Prepared], bool]:
    return lambda exercise: exercise.modality == modality


def _muscle_not_in(muscles: set[str]) -> Callable[[_Prepared], bool]:
    return lambda exercise: exercise.muscle not in muscles


def _draw(
    *,
    exercises: tuple[_Prepared, ...],
    weights: list[float],
    cumulative: list[float],
    taken: set[int],
    preferences: list[Callable[[_Prepared], bool]],
    rng: random.Random,
) -> _Prepared:
    """A weighted draw among untaken exercises of positive weight, narrowed by each preference
    in turn unless that would leave nothing.

    Rejection sampling first: a draw meeting every preference has exactly the narrowed
    distribution, and one turns up in a few tries on realistic catalogues. When it does not,
    the narrowing is done explicitly.
    """
    total = cumulative[-1]
    for _ in range(_REJECTION_ATTEMPTS):
        # A zero-weight exercise is never drawn: its cumulative weight equals its predecessor's.
        index = bisect_right(cumulative, rng.random() * total)
        if index == len(exercises):
            continue  # rng.random() * total rounded up to total
        exercise = exercises[index]
        if exercise.id in taken:
            continue
        for prefers in preferences:
            if not prefers(exercise):
                break
        else:
            return exercise
    indices = [
        index for index, e in enumerate(exercises) if weights[index] > 0 and e.id not in taken
    ]
    for prefers in preferences:
        narrowed = [index for index in indices if prefers(exercises[index])]
        if narrowed:
            indices = narrowed
    narrowed_cumulative = list(accumulate(weights[index] for index in indices))
    position = bisect_right(narrowed_cumulative, rng.random() * narrowed_cumulative[-1])
    return exercises[indices[min(position, len(indices) - 1)]]


def _prescribe(
    *,
    exercises: list[_Prepared],
    style: _GoalStyle,
    level: str,
    wod_format: WodFormat,
    time_domain: TimeDomain,
    minutes: int,
    rng: random.Random,
) -> tuple[tuple[Movement, ...], int | None]:
    """The movements with their volumes and loads, and For Time's rounds."""
    level_volume = _LEVEL_VOLUME_FACTOR[level]
    targets = [
        e.base_volume
        * (style.loaded_volume_factor if e.load_kg is not None else style.unloaded_volume_factor)
        * level_volume
        * (0.85 + 0.3 * rng.random())
        for e in exercises
    ]
    ceilings: list[float] = [math.inf] * len(exercises)
    rounds = None
    if wod_format == WodFormat.AMRAP:
        targets = [target * _AMRAP_DOMAIN_VOLUME[time_domain] for target in targets]
    elif wod_format == WodFormat.EMOM:
        ceilings = [_EMOM_WORK_SECONDS / e.seconds_per_unit for e in exercises]
    else:
        round_seconds = sum(t * e.seconds_per_unit for t, e in zip(targets, exercises, strict=True))
        rounds_that_fit = minutes * 60 * _FOR_TIME_WORK_SHARE / round_seconds
        rounds = _FOR_TIME_ROUNDS[min(max(len(exercises), 2), 4)].pick(rng)
        rounds = max(rounds, math.ceil(rounds_that_fit / _MAX_VOLUME_SCALE))
        rounds = min(rounds, math.floor(rounds_that_fit / _MIN_VOLUME_SCALE))
        rounds = min(max(rounds, _MIN_ROUNDS), _MAX_ROUNDS)
        scale = min(max(rounds_that_fit / rounds, _MIN_VOLUME_SCALE), _MAX_VOLUME_SCALE)
        targets = [target * scale for target in targets]

    load_factor = _LEVEL_LOAD_FACTOR[level] * style.load_factor
    movements = []
    for order, (e, target, ceiling) in enumerate(
        zip(exercises, targets, ceilings, strict=True), start=1
    ):
        volume = _nearest_option(target, e.volume_options, ceiling)
        load = None
        if e.load_kg is not None:
            step = e.plate_step_kg
            load = max(step, math.floor(e.load_kg * load_factor / step + 0.5) * step)
        movements.append(
            Movement(
                exercise_id=e.id,
                exercise_name=e.name,
                order=order,
                reps=volume if e.measurement == Measurement.REPS else None,
                distance_m=volume if e.measurement == Measurement.DISTANCE else None,
                calories=volume if e.measurement == Measurement.CALORIES else None,
                seconds=volume if e.measurement == Measurement.SECONDS else None,
                load_kg=load,
            )
        )
    return tuple(movements), rounds


def _nearest_option(target: float, options: tuple[int, ...], ceiling: float) -> int:
    """The option nearest to target that does not exceed ceiling (the smallest one if all do)."""
    usable = bisect_right(options, ceiling) or 1
    position = bisect_right(options, target, 0, usable)
    if position == 0:
        return options[0]
    if position == usable:
        return options[usable - 1]
    below, above = options[position - 1], options[position]
    return below if target - below <= above - target else above


def _describe(
    *,
    wod_format: WodFormat,
    minutes: int,
    rounds: int | None,
    exercises: list[_Prepared],
    movements: tuple[Movement, ...],
) -> str:
    work = ", ".join(_phrase(e, m) for e, m in zip(exercises, movements, strict=True))
    if wod_format == WodFormat.AMRAP:
        return f"AMRAP {minutes}: {work}"
    if wod_format == WodFormat.EMOM:
        return f"EMOM {minutes}: {work}"
    return f"{rounds} rounds for time (cap {minutes}): {work}"


def _phrase(exercise: _Prepared, movement: Movement) -> str:
    if movement.reps is not None:
        name = exercise.singular if movement.reps == 1 else exercise.plural
        phrase = f"{movement.reps} {name}"
    elif movement.distance_m is not None:
        phrase = f"{movement.distance_m} m {exercise.singular}"
    elif movement.calories is not None:
        phrase = f"{movement.calories} cal {exercise.singular}"
    else:
        phrase = f"{movement.seconds} s {exercise.singular}"
    if movement.load_kg is not None:
        phrase += f" ({movement.load_kg:g} kg)"
    return phrase


def _display_name(name: str) -> str:
    """Lowercase for use inside a sentence, keeping acronyms such as GHD."""
    return " ".join(
        word if len(word) > 1 and word.isupper() else word.lower() for word in name.split()
    )


def _pluralise(name: str) -> str:
    """The plural of a movement name: the last word of the part before any parenthesis."""
    head, bracket, tail = name.partition(" (")
    words = head.split(" ")
    words[-1] = _plural_word(words[-1])
    return " ".join(words) + bracket + tail


def _plural_word(word: str) -> str:
    lower = word.lower()
    if lower.count("-") >= 2 or not lower[-1:].isalpha():
        return word  # toes-to-bar, shoulder-to-overhead, sandbag over-the-shoulder
    if lower.endswith(("ss", "sh", "ch", "x", "z")):
        return word + "es"
    if lower.endswith("s"):
        return word  # already plural, e.g. "walking lunges"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"
