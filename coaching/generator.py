"""Workout-of-the-day generator: a pure function of catalogue, athlete, history and random source.

Nothing here imports Django; the service layer maps ORM rows into `CatalogueExercise` and
stores the seed it built ``rng`` from, so a stored WOD can be regenerated bit for bit.

A session is drawn in this order: `coaching.day` plans the day (a rest day, how hard, a
benchmark due); a rest day is active recovery and mobility (`coaching.session`). Otherwise
`coaching.session.session_frame` shares the athlete's minutes out (warm-up, an optional
strength or skill block, cool-down) and leaves the metcon its room. The metcon is the named
benchmark due, built for the athlete (`coaching.benchmarks`), or drawn: the goal weights the
format (For Time, descending reps, chipper, AMRAP, EMOM, E2MOM, intervals, Tabata), the time
domain and the number of movements; `coaching.selection` picks the exercises (its docstring
has the rules); `coaching.prescription` sizes them for the athlete's level with the time model
of `coaching.clock` and the ceilings of `coaching.limits`, the clock within the room;
`coaching.description` writes it down with its expected time and intended stimulus. When a
drawn plan cannot be sized, a new selection is drawn (up to `_ATTEMPTS` times), then fewer
movements, then a plainer format. The block, the warm-up (for the patterns the metcon and
block use) and the cool-down (for what was worked) are built around the metcon.

Everything iterates in exercise-id order, never in set order, so the output does not depend on
string hash randomisation.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from coaching.athlete import KEY_EQUIPMENT_WEEK, AthleteProfile, key_uses
from coaching.benchmarks import BENCHMARKS, BENCHMARKS_BY_SLUG, Benchmark, benchmark_metcon
from coaching.catalogue import CatalogueExercise
from coaching.clock import time_domain as domain_of
from coaching.day import (
    DayPlan,
    benchmark_due,
    benchmark_fits,
    is_training_day,
    next_chance,
    plan_day,
    unique_names,
)
from coaching.description import describe, stimulus
from coaching.history import RECENT_WODS_CONSIDERED, History
from coaching.pool import Pool, Prepared, prepare
from coaching.prescription import Infeasible, Sized, loads, size
from coaching.selection import block_keeps_tomorrow, select
from coaching.session import (
    BLOCK_CHANCES,
    PART_MINUTES,
    SessionCatalogue,
    block_kinds,
    block_part,
    cool_down_part,
    rest_day_parts,
    session_frame,
    warm_up_part,
    week_avoid_groups,
)
from coaching.styles import CHIPPER_MIN_MOVEMENTS, GOAL_STYLES, MOVEMENT_COUNTS
from coaching.vocabulary import (
    Intensity,
    Level,
    PartKind,
    ScoreType,
    TimeDomain,
    WodFormat,
)
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
_MOST_DUE_MOVEMENTS = 5
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
        "_kinds",
        "_pools",
        "_rows",
        "_rows_by_name",
        "_session_catalogue",
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
        self._rows = {row.id: row for row in self.catalogue}
        self._rows_by_name = unique_names(self.catalogue)
        self._benchmarks: dict[
            tuple[str, frozenset[str], frozenset[str]], tuple[Benchmark, ...]
        ] = {}
        self._session_catalogue = SessionCatalogue(self.catalogue, self._by_id)
        self._kinds: dict[tuple[str, frozenset[str], frozenset[str]], list[str]] = {}

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
        if profile.goal not in GOAL_STYLES:
            raise ValueError(f"unknown goal {profile.goal!r}")
        # An unknown level raises.
        pool = self._pool(level=profile.level, equipment=profile.equipment, space=profile.space)
        # The week is read here only when a benchmark due today must fit it; a rest day needs
        # none.
        week, benchmarks = None, ()
        if is_training_day(profile=profile, day=day) and benchmark_due(history=history, day=day):
            week = self._week(pool=pool, profile=profile, history=history, day=day)
            benchmarks = self._benchmarks_today(
                profile=profile, history=history, day=day, week=week
            )
        plan = plan_day(
            profile=profile, history=history, day=day, requested=requested, benchmarks=benchmarks
        )
        return self.session(
            profile=profile, history=history, day=day, plan=plan, rng=rng, week=week
        )

    def session(
        self,
        *,
        profile: AthleteProfile,
        history: History,
        day: datetime.date,
        plan: DayPlan,
        rng: random.Random,
        week: Week | None = None,
    ) -> GeneratedWod:
        """The session of a planned day: what `generate` writes once `coaching.day` has
        planned it (`week`: the day's `coaching.week.Week`, read from the history when not
        given). Raises as `generate` does."""
        style = GOAL_STYLES.get(profile.goal)
        if style is None:
            raise ValueError(f"unknown goal {profile.goal!r}")
        pool = self._pool(level=profile.level, equipment=profile.equipment, space=profile.space)
        if not pool.exercises:
            raise ValueError("no exercise of the catalogue is allowed for this athlete")
        if plan.rest:
            return self._rest_day(profile=profile, plan=plan, rng=rng)
        if week is None:
            week = self._week(pool=pool, profile=profile, history=history, day=day)
        frame = session_frame(
            profile=profile, plan=plan, rng=rng, block_kinds=self._block_kinds(profile)
        )
        recent = [wod.exercise_ids for wod in history.recent[:RECENT_WODS_CONSIDERED]]
        by_id = self._by_id
        yesterday = frozenset(by_id[i].family for i in (recent[0] if recent else ()) if i in by_id)
        metcon = None
        if plan.benchmark in BENCHMARKS_BY_SLUG:
            benchmark = BENCHMARKS_BY_SLUG[plan.benchmark]
            metcon = self._benchmark(benchmark, profile, history, plan, frame.metcon_room)
            if metcon is None and frame.block is not None:
                # The benchmark before the block: a retest needs the room more.
                frame = dataclasses.replace(
                    frame,
                    block=None,
                    block_minutes=0,
                    metcon_room=frame.metcon_room + frame.block_minutes,
                )
                metcon = self._benchmark(benchmark, profile, history, plan, frame.metcon_room)
        per_week = key_uses(profile.training_days_per_week)
        tomorrow = (
            tomorrow_lacks(pool, history, day=day, per_week=per_week)
            if is_training_day(profile=profile, day=day + datetime.timedelta(days=1))
            else None
        )
        if metcon is None:
            metcon = self._metcon(
                profile, style, pool, history, plan, frame, recent, week, day, tomorrow, rng
            )
        yesterday_block = frozenset(
            by_id[i].family
            for i in (history.recent[0].block_exercise_ids if history.recent else ())
            if i in by_id
        )
        avoid_groups = week_avoid_groups(
            history=history,
            day=day,
            metcon=[self._rows[e.id] for e in metcon.exercises],
            catalogue=self._rows,
        ) | _overloaded(week, metcon.exercises)
        kept_families, kept_groups = block_keeps_tomorrow(
            pool=pool, tomorrow=tomorrow, week=week, metcon=metcon.exercises
        )
        return self._session(
            profile,
            plan,
            frame,
            metcon,
            yesterday | yesterday_block | kept_families,
            avoid_groups | kept_groups,
            rng,
        )

    def _metcon(
        self, profile, style, pool, history, plan, frame, recent, week, day, tomorrow, rng
    ) -> Metcon:
        """The day's metcon drawn for the athlete, its clock within the session's room."""
        uses: dict[int, int] = {}
        for wod in recent:
            for exercise_id in set(wod):
                uses[exercise_id] = uses.get(exercise_id, 0) + 1
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
            yesterday=week.yesterday_families,
            per_week=key_uses(profile.training_days_per_week),
        )

        drawn = style.formats.pick(rng)
        if drawn == WodFormat.EMOM and not all(pool.emom_uses(slug) for slug in due):
            # A piece this week needs today fits no EMOM minute at this level (a beginner's
            # least row is over 35 s): the day is For Time or an AMRAP instead.
            drawn = WodFormat.FOR_TIME if rng.random() < 0.5 else WodFormat.AMRAP
        if plan.intensity == Intensity.LIGHT and drawn == WodFormat.CHIPPER:
            drawn = WodFormat.FOR_TIME  # a light day has no long grind
        urgent = len(week.urgent_groups) + len(week.urgent_modalities)
        if drawn == WodFormat.TABATA and len(due) + urgent > _TABATA_MOST_MOVEMENTS:
            # A Tabata's two movements would leave out a piece or a group due today.
            drawn = WodFormat.FOR_TIME
        time_domain = style.time_domains.pick(rng)
        room = frame.metcon_room
        if room <= 10 or (plan.intensity == Intensity.LIGHT and time_domain == TimeDomain.LONG):
            time_domain = TimeDomain.SHORT if room <= 10 else TimeDomain.MEDIUM
        elif room <= 20 and time_domain == TimeDomain.LONG:
            time_domain = TimeDomain.MEDIUM
        size_within_room = functools.partial(
            size,
            time_domain=time_domain,
            level=profile.level,
            style=style,
            rng=rng,
            max_minutes=room,
        )
        factors = history.load_factors
        light = plan.intensity == Intensity.LIGHT
        # The drawn format, then the plain ones when it cannot be sized for this athlete.
        for wod_format in dict.fromkeys((drawn, *_FALLBACK_FORMATS)):
            # Room for every piece due today, one a movement, and for what the week needs
            # today.
            count = max(
                MOVEMENT_COUNTS[wod_format].pick(rng),
                min(len(due) + urgent, _MOST_DUE_MOVEMENTS),
            )
            if wod_format == WodFormat.TABATA:
                count = min(count, _TABATA_MOST_MOVEMENTS)
            # A new format gives way to the plain ones before it loses movements: fewer
            # movements could leave out a piece of equipment due today.
            fewer = _FEWER_MOVEMENTS_ATTEMPTS if wod_format in _FALLBACK_FORMATS else 0
            for attempt in range(_ATTEMPTS + fewer):
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
                    due=due,
                    tomorrow=tomorrow,
                )
                if not exercises:
                    break
                if wod_format == WodFormat.CHIPPER and len(exercises) < CHIPPER_MIN_MOVEMENTS:
                    break
                covered = set().union(*(pool.keys_by_id.get(e.id, ()) for e in exercises))
                if fewer == 0 and not set(due) <= covered:
                    continue  # a new format leaves a piece due today out: draw again
                try:
                    sized = size_within_room(exercises=exercises, wod_format=wod_format)
                except Infeasible:
                    if fewer or wod_format == WodFormat.CHIPPER:
                        continue
                    # The drawn movements do not fit the new format (a run in a 21-15-9, a
                    # hold in a Tabata): they make a For Time rather than a new draw.
                    wod_format = WodFormat.FOR_TIME
                    try:
                        sized = size_within_room(exercises=exercises, wod_format=wod_format)
                    except Infeasible:
                        continue
                movement_loads = tuple(
                    loads(
                        e,
                        level=profile.level,
                        goal=profile.goal,
                        factor=factors.get(e.family, 1.0),
                        light=light,
                    )
                    for e in exercises
                )
                return Metcon(wod_format, tuple(exercises), sized, movement_loads)
        raise ValueError("no WOD fits this athlete with this catalogue")

    def _benchmark(self, benchmark, profile, history, plan, room) -> Metcon | None:
        """The named benchmark for the athlete, Rx or scaled, when it fits the session."""
        for scaled in (False, True):
            built = benchmark_metcon(
                benchmark,
                profile=profile,
                catalogue=self._rows,
                prepared=self._by_id,
                scaled=scaled,
            )
            if built is None:
                return None
            if built.minutes <= room:
                break
            if built.scaled:
                return None
        else:
            return None
        work = tuple(
            a * e.pace[profile.level] for a, e in zip(built.amounts, built.exercises, strict=True)
        )
        sized = Sized(
            volumes=built.amounts,
            minutes=built.minutes,
            rounds=None if benchmark.format == WodFormat.AMRAP else built.rounds,
            expected_seconds=built.expected_seconds,
            expected_rounds=built.expected_rounds,
            work_seconds=work,
            rep_scheme=built.rep_scheme,
        )
        last = history.benchmark_scores.get(benchmark.slug, "")
        return Metcon(
            benchmark.format,
            built.exercises,
            sized,
            built.loads,
            benchmark=benchmark,
            scaled=built.scaled,
            last_score=last,
        )

    def _session(self, profile, plan, frame, metcon, avoid, avoid_groups, rng) -> GeneratedWod:
        """The metcon with its warm-up, block and cool-down around it."""
        rows = self._rows
        wod = _metcon_wod(metcon, plan)
        metcon_rows = [rows[e.id] for e in metcon.exercises]
        kind, block_minutes = frame.block, frame.block_minutes
        left = profile.session_minutes - frame.warm_up - wod.minutes - frame.cool_down
        if kind is None and left >= PART_MINUTES[PartKind.SKILL][0]:
            # A short metcon leaves the session room for a block: strength where the goal
            # leans to it (never on a light day), else skill.
            kinds = self._block_kinds(profile)
            strength, skill = BLOCK_CHANCES[profile.goal]
            preferred = (
                [PartKind.STRENGTH, PartKind.SKILL]
                if strength > skill
                else [
                    PartKind.SKILL,
                    PartKind.STRENGTH,
                ]
            )
            if plan.intensity == Intensity.LIGHT:
                preferred = [PartKind.SKILL]
            kind = next((k for k in preferred if k in kinds), None)
            block_minutes = min(left, PART_MINUTES[PartKind.STRENGTH][1])
        block = None
        if kind is not None:
            block = block_part(
                kind=kind,
                catalogue=self._session_catalogue,
                profile=profile,
                plan=plan,
                minutes=block_minutes,
                avoid_families=avoid | {e.family for e in metcon.exercises},
                avoid_cap_groups=frozenset(e.cap_group for e in metcon.exercises if e.cap_group),
                metcon_patterns=frozenset(e.pattern for e in metcon.exercises),
                rng=rng,
                avoid_groups=avoid_groups,
            )
        worked = metcon_rows + [rows[m.exercise_id] for m in (block.movements if block else ())]
        warm_up = warm_up_part(
            catalogue=self._session_catalogue,
            profile=profile,
            minutes=frame.warm_up,
            worked=worked,
            rng=rng,
        )
        cool_down = cool_down_part(
            catalogue=self._session_catalogue,
            profile=profile,
            minutes=frame.cool_down,
            worked=worked,
            rng=rng,
        )
        parts = (warm_up, *((block,) if block else ()), wod.parts[0], cool_down)
        return dataclasses.replace(wod, parts=parts)

    def _rest_day(self, *, profile, plan, rng) -> GeneratedWod:
        recovery, cool_down = rest_day_parts(
            catalogue=self._session_catalogue, profile=profile, rng=rng
        )
        stimulus_text = "Recover: easy movement and mobility, nothing hard today."
        if plan.reason:
            stimulus_text += f" {plan.reason}"
        what = recovery.description.split(": ", 1)[1].rstrip(".")
        stretches = cool_down.description.split(": ", 1)[1]
        description = (
            f"Rest day: {what}; then {cool_down.minutes} min of mobility: {stretches} "
            f"{stimulus_text}"
        )
        return GeneratedWod(
            format=WodFormat.REST,
            time_domain=TimeDomain.SHORT,
            minutes=0,
            rounds=None,
            description=description,
            movements=(),
            generator_version=GENERATOR_VERSION,
            stimulus=stimulus_text,
            expected_seconds=0,
            expected_rounds=None,
            parts=(recovery, cool_down),
            score_type=None,
            intensity=Intensity.RECOVERY,
        )

    def _block_kinds(self, profile: AthleteProfile) -> list[str]:
        key = (profile.level, profile.equipment, profile.space)
        kinds = self._kinds.get(key)
        if kinds is None:
            if len(self._kinds) >= self._MAX_CACHED_POOLS:
                del self._kinds[next(iter(self._kinds))]
            kinds = self._kinds[key] = block_kinds(self._session_catalogue, profile)
        return kinds

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
        fitting = []
        for b in self._benchmarks_in(profile):
            rows = [self._by_id[self._rows_by_name[name].id] for name in b.movements]
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


def tomorrow_lacks(
    pool: Pool, history: History, *, day: datetime.date, per_week: int
) -> dict[str, int]:
    """Each key piece some exercise of the pool uses that the 7-day window ending tomorrow
    holds fewer than `per_week` times in the days before today, and how many it lacks."""
    window_from = day - datetime.timedelta(days=KEY_EQUIPMENT_WEEK - 2)
    seen = dict.fromkeys(pool.owned_keys, 0)
    for past in history.recent:
        if not window_from <= past.for_date < day:
            continue
        # A benchmark's movements are fixed: its day counts for every piece.
        used = set(pool.owned_keys) if past.benchmark else set()
        for exercise_id in past.exercise_ids:
            used |= pool.keys_by_id.get(exercise_id, frozenset())
        for slug in used:
            seen[slug] += 1
    return {
        slug: per_week - seen[slug]
        for slug in pool.owned_keys
        if pool.using[slug] and seen[slug] < per_week
    }


@dataclass(frozen=True, slots=True)
class Metcon:
    """The day's metcon before it is written down: drawn and sized, or a benchmark built."""

    format: str
    exercises: tuple[Prepared, ...]
    sized: Sized
    loads: tuple[tuple[float | None, float | None], ...]  # (men's, women's) per exercise
    benchmark: Benchmark | None = None
    scaled: bool = False
    last_score: str = ""  # the athlete's last score of the benchmark


def _overloaded(week: Week, metcon: Sequence[Prepared]) -> frozenset[str]:
    """Push or pull, when a block movement of it would take a window of the week past 2:1 with
    the metcon's movements counted (`coaching.week.Week.overloads`)."""
    pushes = sum(week_group(e.pattern) == PUSH for e in metcon)
    pulls = sum(week_group(e.pattern) == PULL for e in metcon)
    return frozenset(side for side in (PUSH, PULL) if week.overloads(side, pushes, pulls))


def _metcon_wod(metcon: Metcon, plan: DayPlan) -> GeneratedWod:
    """The metcon as a WOD whose only part is the metcon; the session adds the others."""
    sized = metcon.sized
    exercises = metcon.exercises
    movements = []
    for order, (e, volume, (men, women)) in enumerate(
        zip(exercises, sized.volumes, metcon.loads, strict=True), start=1
    ):
        movements.append(
            Movement.of(
                exercise_id=e.id,
                exercise_name=e.name,
                order=order,
                measurement=e.measurement,
                amount=volume,
                load_kg=men,
                load_women_kg=women,
            )
        )
    movements = tuple(movements)
    stimulus_text = stimulus(
        wod_format=metcon.format,
        minutes=sized.minutes,
        expected_seconds=sized.expected_seconds,
        expected_rounds=sized.expected_rounds,
        work_seconds=sized.work_seconds,
    )
    if metcon.last_score:
        stimulus_text += f" Last time: {metcon.last_score}."
    if plan.reason:
        stimulus_text += f" {plan.reason}"
    description = describe(
        wod_format=metcon.format,
        minutes=sized.minutes,
        rounds=sized.rounds,
        expected_seconds=sized.expected_seconds,
        expected_rounds=sized.expected_rounds,
        exercises=exercises,
        movements=movements,
        stimulus_text=stimulus_text,
        rep_scheme=sized.rep_scheme,
        work_seconds=sized.interval_work_s,
        rest_seconds=sized.interval_rest_s,
    )
    benchmark = metcon.benchmark
    if benchmark is not None:
        description = f"{benchmark.name}{', scaled' if metcon.scaled else ''}: {description}"
        score_type = benchmark.score_type
    elif metcon.format == WodFormat.INTERVALS and all(m.calories is not None for m in movements):
        score_type = ScoreType.CALORIES
    else:
        score_type = SCORE_TYPES[metcon.format]
    return GeneratedWod(
        format=metcon.format,
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
        score_type=score_type,
        intensity=plan.intensity,
        benchmark=benchmark.slug if benchmark is not None else "",
        rep_scheme=sized.rep_scheme,
        work_seconds=sized.interval_work_s,
        rest_seconds=sized.interval_rest_s,
    )


# What a metcon's result measures, by format (intervals all on machines score calories).
SCORE_TYPES = {
    WodFormat.FOR_TIME: ScoreType.TIME,
    WodFormat.DESCENDING: ScoreType.TIME,
    WodFormat.CHIPPER: ScoreType.TIME,
    WodFormat.AMRAP: ScoreType.ROUNDS_REPS,
    WodFormat.EMOM: ScoreType.REPS,
    WodFormat.E2MOM: ScoreType.REPS,
    WodFormat.INTERVALS: ScoreType.REPS,
    WodFormat.TABATA: ScoreType.REPS,
}
_TABATA_MOST_MOVEMENTS = 2
_FALLBACK_FORMATS = (WodFormat.FOR_TIME, WodFormat.AMRAP, WodFormat.EMOM)


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
