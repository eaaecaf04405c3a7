"""Workout-of-the-day generator: a pure function of catalogue, athlete, history and random source.

Nothing here imports Django; the service layer maps ORM rows into `CatalogueExercise` and
stores the seed it built ``rng`` from, so a stored WOD can be regenerated bit for bit.

A WOD is drawn in this order: the goal weights the format (For Time, AMRAP, EMOM), the time
domain and the number of movements; `coaching.selection` picks the exercises (its docstring
has the rules); `coaching.prescription` sizes them for the athlete's level with the time model
of `coaching.clock` and the ceilings of `coaching.limits`; `coaching.description` writes it
down with its expected time and intended stimulus. When a drawn plan cannot be sized, a new
selection is drawn (up to `_ATTEMPTS` times), then fewer movements.

Everything iterates in exercise-id order, never in set order, so the output does not depend on
string hash randomisation.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from operator import attrgetter

from coaching.athlete import (
    KEY_EQUIPMENT_WEEK,
    AthleteProfile,
    key_uses,
)
from coaching.benchmarks import BENCHMARKS, Benchmark
from coaching.catalogue import CatalogueExercise
from coaching.clock import time_domain as domain_of
from coaching.day import DayPlan, benchmark_due, benchmark_fits, next_chance, plan_day
from coaching.description import describe, stimulus
from coaching.history import RECENT_WODS_CONSIDERED, History
from coaching.pool import Pool, Prepared, prepare
from coaching.prescription import Infeasible, Sized, loads, size
from coaching.selection import select
from coaching.styles import GOAL_STYLES, MOVEMENT_COUNTS
from coaching.vocabulary import Level, Measurement, PartKind, ScoreType, WodFormat
from coaching.week import PULL, PUSH, WEEK_GROUPS, Week, week_group, week_of
from coaching.wod import GeneratedWod, Movement, Part

__all__ = [
    "GENERATOR_VERSION",
    "RECENT_WODS_CONSIDERED",
    "AthleteProfile",
    "CatalogueExercise",
    "GeneratedWod",
    "History",
    "Movement",
    "WodGenerator",
    "generate_wod",
]

GENERATOR_VERSION = 2

_ATTEMPTS = 8
_FEWER_MOVEMENTS_ATTEMPTS = 4
_MOST_DUE_MOVEMENTS = 4
_LEVELS = frozenset(Level)


class WodGenerator:
    """Generates WODs from one catalogue; build it once and call ``generate`` many times.

    The catalogue (``catalogue``, in id order) and what is derived from it are fixed at
    construction. The one thing that grows is a memo of pools by (level, equipment), at most
    ``_MAX_CACHED_POOLS`` entries (the oldest dropped when full): it changes no output, only
    spares recomputing a pool (about 250 µs) for athletes who share level and equipment.

    Raises ``ValueError`` for duplicate exercise ids or an unknown modality or measurement.
    """

    __slots__ = (
        "_benchmarks",
        "_by_id",
        "_exercises",
        "_pools",
        "_rows",
        "_rows_by_name",
        "catalogue",
    )
    _MAX_CACHED_POOLS = 512

    def __init__(self, catalogue: Sequence[CatalogueExercise]) -> None:
        self.catalogue = tuple(sorted(catalogue, key=attrgetter("id")))
        exercises = tuple(prepare(exercise) for exercise in self.catalogue)
        self._by_id = {e.id: e for e in exercises}
        if len(self._by_id) != len(exercises):
            raise ValueError("catalogue exercise ids must be unique")
        self._exercises = exercises
        self._pools: dict[tuple[str, frozenset[str], frozenset[str]], Pool] = {}
        self._benchmarks: dict[
            tuple[str, frozenset[str], frozenset[str]], tuple[Benchmark, ...]
        ] = {}
        self._rows = {row.id: row for row in self.catalogue}
        self._rows_by_name = {row.name: row for row in self.catalogue}

    def generate(
        self,
        *,
        profile: AthleteProfile,
        history: History,
        day: datetime.date,
        requested: bool,
        rng: random.Random,
    ) -> GeneratedWod:
        """The session for ``day``; ``requested`` says the athlete asked for it (a daily
        request is not). Raises ``ValueError`` for an unknown goal or level, or when no WOD
        fits (no exercise allowed, or none that can be sized for the level)."""
        style = GOAL_STYLES.get(profile.goal)
        if style is None:
            raise ValueError(f"unknown goal {profile.goal!r}")
        pool = self._pool(level=profile.level, equipment=profile.equipment, space=profile.space)
        if not pool.exercises:
            raise ValueError("no exercise of the catalogue is allowed for this athlete")

        week = self._week(pool=pool, profile=profile, history=history, day=day)
        yesterday = week.yesterday_families
        needed, due = _needed_equipment(
            pool,
            history,
            day=day,
            next_training=next_chance(
                profile=profile,
                history=history,
                day=day,
                benchmarks=self._benchmarks_in(profile),
            ),
            yesterday=yesterday,
            per_week=key_uses(profile.training_days_per_week),
        )
        plan = plan_day(
            profile=profile,
            history=history,
            day=day,
            requested=requested,
            benchmarks=self._benchmarks_today(profile=profile, history=history, day=day, week=week),
        )
        recent = [wod.exercise_ids for wod in history.recent[:RECENT_WODS_CONSIDERED]]
        uses: dict[int, int] = {}
        for wod in recent:
            for exercise_id in set(wod):
                uses[exercise_id] = uses.get(exercise_id, 0) + 1

        wod_format = style.formats.pick(rng)
        if wod_format == WodFormat.EMOM and not all(pool.emom_uses(slug) for slug in due):
            # A piece this week needs today fits no EMOM minute at this level (a beginner's
            # least row is over 35 s): the day is For Time or an AMRAP instead.
            wod_format = WodFormat.FOR_TIME if rng.random() < 0.5 else WodFormat.AMRAP
        time_domain = style.time_domains.pick(rng)
        # Room for every piece due today, one a movement, and for what the week needs today.
        urgent = len(week.urgent_groups) + len(week.urgent_modalities)
        count = max(
            MOVEMENT_COUNTS[wod_format].pick(rng), min(len(due) + urgent, _MOST_DUE_MOVEMENTS)
        )
        for attempt in range(_ATTEMPTS + _FEWER_MOVEMENTS_ATTEMPTS):
            if attempt >= _ATTEMPTS:
                count = max(1, count - 1)  # fewer movements share the caps less
            exercises = select(
                pool=pool,
                count=count,
                wod_format=wod_format,
                style=style,
                week=week,
                uses=uses,
                needed=needed,
                rng=rng,
            )
            if not exercises:
                break
            try:
                sized = size(
                    exercises=exercises,
                    wod_format=wod_format,
                    time_domain=time_domain,
                    level=profile.level,
                    style=style,
                    rng=rng,
                )
            except Infeasible:
                continue
            return _wod(exercises, sized, wod_format, profile, plan)
        raise ValueError("no WOD fits this athlete with this catalogue")

    def _week(
        self, *, pool: Pool, profile: AthleteProfile, history: History, day: datetime.date
    ) -> Week:
        return week_of(
            history=history,
            day=day,
            next_training_day=next_chance(
                profile=profile,
                history=history,
                day=day,
                benchmarks=self._benchmarks_in(profile),
            ),
            exercises=self._by_id,
            available_groups=[g for g in WEEK_GROUPS if pool.has_group(g)],
            available_modalities=pool.modalities,
        )

    def _benchmarks_today(
        self,
        *,
        profile: AthleteProfile,
        history: History,
        day: datetime.date,
        week: Week,
    ) -> tuple[Benchmark, ...]:
        """The benchmarks today's week allows, when one is due: their movements give what
        today must (the groups and modalities whose last chance it is) and nothing it must
        not (a tired group, yesterday's families, a push or pull past 2:1). A benchmark's
        movements are fixed, so a day they do not fit waits for the next heavy day; its day
        counts for every piece of the athlete's equipment."""
        if not benchmark_due(history=history, day=day):
            return ()
        by_name = {e.name: e for e in self._exercises}
        fitting = []
        for b in self._benchmarks_in(profile):
            rows = [by_name[name] for name in b.movements]
            groups = {week_group(e.pattern) for e in rows}
            if (
                set(week.urgent_groups) <= groups
                and set(week.urgent_modalities) <= {e.modality for e in rows}
                and not groups & week.tired_groups
                and not {e.family for e in rows} & week.yesterday_families
                and not any(week.overloads(side) for side in (PUSH, PULL) if side in groups)
            ):
                fitting.append(b)
        return tuple(fitting)

    def _benchmarks_in(self, profile: AthleteProfile) -> tuple[Benchmark, ...]:
        """The benchmarks the athlete can do (`coaching.day.benchmark_fits`: equipment, space,
        each movement at their level or through its substitute)."""
        key = (profile.level, profile.equipment, profile.space)
        doable = self._benchmarks.get(key)
        if doable is None:
            if len(self._benchmarks) >= self._MAX_CACHED_POOLS:
                del self._benchmarks[next(iter(self._benchmarks))]
            doable = self._benchmarks[key] = tuple(
                b
                for b in BENCHMARKS
                if benchmark_fits(
                    b, profile=profile, catalogue=self._rows, by_name=self._rows_by_name
                )
            )
        return doable

    def _pool(self, *, level: str, equipment: frozenset[str], space: frozenset[str]) -> Pool:
        key = (level, frozenset(equipment), frozenset(space))
        pool = self._pools.get(key)
        if pool is not None:
            return pool
        if level not in _LEVELS:
            raise ValueError(f"unknown level {level!r}")
        pool = Pool(self._exercises, level=level, equipment=key[1], space=key[2])
        # Athletes share few distinct equipment sets; the bound (about 40 KB a pool) only
        # guards odd inputs, the oldest pool going first.
        if len(self._pools) >= self._MAX_CACHED_POOLS:
            del self._pools[next(iter(self._pools))]
        self._pools[key] = pool
        return pool


def _needed_equipment(
    pool: Pool,
    history: History,
    *,
    day: datetime.date,
    next_training: datetime.date,
    yesterday: frozenset[str],
    per_week: int,
) -> tuple[list[str], list[str]]:
    """The athlete's key equipment to use today, most urgent first, and those of them due
    today. A piece is due when the days before today that the 7-day window ending on the eve
    of the next training day holds used it fewer than `per_week` times (`key_uses`; with
    training tomorrow: the last 6 days); it is wanted when those of the window ending on the
    next training day did (tomorrow's chance would be the last). A piece whose every exercise
    is a family of yesterday's waits."""
    if not pool.owned_keys:
        return [], []
    closing_from = next_training - datetime.timedelta(days=KEY_EQUIPMENT_WEEK)
    wanted_from = closing_from + datetime.timedelta(days=1)
    last6 = dict.fromkeys(pool.owned_keys, 0)
    last5 = dict.fromkeys(pool.owned_keys, 0)
    keys_by_id = pool.keys_by_id
    for past in history.recent:
        if not closing_from <= past.for_date < day:
            continue
        # A benchmark's movements are fixed: its day counts for every piece.
        used: set[str] = set(pool.owned_keys) if past.benchmark else set()
        for exercise_id in past.exercise_ids:
            keys = keys_by_id.get(exercise_id)
            if keys:
                used |= keys
        for slug in used:
            last6[slug] += 1
            if past.for_date >= wanted_from:
                last5[slug] += 1
    usable = pool.usable_keys(yesterday)
    needed = sorted(
        (slug for slug in usable if last5[slug] < per_week),
        # Of those due today, one seen once first: today completes its week. Then the
        # scarcest (a machine has one exercise, a barbell dozens).
        key=lambda slug: (
            last6[slug] >= per_week,
            -last6[slug],
            last5[slug],
            len(pool.using[slug]),
        ),
    )
    return needed, [slug for slug in needed if last6[slug] < per_week]


def _wod(
    exercises: list[Prepared],
    sized: Sized,
    wod_format: str,
    profile: AthleteProfile,
    plan: DayPlan,
) -> GeneratedWod:
    movements = []
    for order, (e, volume) in enumerate(zip(exercises, sized.volumes, strict=True), start=1):
        men, women = loads(e, level=profile.level, goal=profile.goal)
        measurement = e.measurement
        movements.append(
            Movement(
                exercise_id=e.id,
                exercise_name=e.name,
                order=order,
                reps=volume if measurement == Measurement.REPS else None,
                distance_m=volume if measurement == Measurement.DISTANCE else None,
                calories=volume if measurement == Measurement.CALORIES else None,
                seconds=volume if measurement == Measurement.SECONDS else None,
                load_kg=men,
                load_women_kg=women,
            )
        )
    movements = tuple(movements)
    stimulus_text = stimulus(
        wod_format=wod_format,
        minutes=sized.minutes,
        expected_seconds=sized.expected_seconds,
        expected_rounds=sized.expected_rounds,
        work_seconds=sized.work_seconds,
    )
    description = describe(
        wod_format=wod_format,
        minutes=sized.minutes,
        rounds=sized.rounds,
        expected_seconds=sized.expected_seconds,
        expected_rounds=sized.expected_rounds,
        exercises=exercises,
        movements=movements,
        stimulus_text=stimulus_text,
    )
    return GeneratedWod(
        format=wod_format,
        time_domain=domain_of(sized.minutes),
        minutes=sized.minutes,
        rounds=sized.rounds,
        description=description,
        movements=movements,
        generator_version=GENERATOR_VERSION,
        stimulus=stimulus_text,
        expected_seconds=sized.expected_seconds,
        expected_rounds=sized.expected_rounds,
        parts=(
            Part(
                kind=PartKind.METCON,
                minutes=sized.minutes,
                description=description,
                movements=movements,
            ),
        ),
        score_type=_SCORE_TYPES[wod_format],
        intensity=plan.intensity,
    )


_SCORE_TYPES = {
    WodFormat.FOR_TIME: ScoreType.TIME,
    WodFormat.AMRAP: ScoreType.ROUNDS_REPS,
    WodFormat.EMOM: ScoreType.REPS,
}


def generate_wod(
    *,
    catalogue: Sequence[CatalogueExercise],
    profile: AthleteProfile,
    history: History,
    day: datetime.date,
    requested: bool,
    rng: random.Random,
) -> GeneratedWod:
    """One session for ``profile``; same inputs and an equally seeded ``rng`` give the same
    session.

    history: the athlete's recent WODs, most recent first; the first
    ``RECENT_WODS_CONSIDERED`` count, older ones are ignored (the service passes no more).

    Builds a ``WodGenerator`` for this one WOD; to generate many from one catalogue, build the
    generator once and call its ``generate``.
    """
    return WodGenerator(catalogue).generate(
        profile=profile, history=history, day=day, requested=requested, rng=rng
    )
