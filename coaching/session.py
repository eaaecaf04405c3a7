"""The parts of a session around the metcon: the warm-up, the strength or skill block, the
cool-down, and a rest day's active recovery.

A training session is a warm-up (5-10 min: the general raise first, an easy machine, rope,
run or jacks, then drills for the patterns the metcon and block use), an optional strength or
skill block (10-20 min, before the metcon), the metcon, and a cool-down (3-5 min of stretches
for what was worked). `session_frame` shares the athlete's `session_minutes` out before the
metcon is drawn: the metcon gets the room left. A rest day is easy aerobic work (15-30 min)
and mobility (5-10 min).

Every part is built from the catalogue's roles (`warm_up`, `strength`, `skill`, `cool_down`),
within the athlete's equipment, space (`needs`), level (difficulty and session caps), in
exercise-id order before any draw from `rng`.
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from coaching.athlete import DIFFICULTY_CAP, AthleteProfile
from coaching.catalogue import CatalogueExercise
from coaching.day import DayPlan
from coaching.history import History
from coaching.pool import Prepared, display_name
from coaching.prescription import loads
from coaching.vocabulary import (
    BARBELL,
    BODYWEIGHT,
    Goal,
    Intensity,
    Level,
    Measurement,
    PartKind,
    Pattern,
    Role,
)
from coaching.wod import Movement, Part

# The minutes each part may take, inclusive; a rest day's cool-down is longer mobility work.
PART_MINUTES = {
    PartKind.WARM_UP: (5, 10),
    PartKind.STRENGTH: (10, 20),
    PartKind.SKILL: (10, 20),
    PartKind.METCON: (4, 60),
    PartKind.RECOVERY: (15, 30),
    PartKind.COOL_DOWN: (3, 5),
}
REST_COOL_DOWN_MINUTES = (5, 10)
# The least a metcon is left: a session with less room has no block.
MIN_METCON_ROOM = 8
# A light day's metcon clock at most.
LIGHT_METCON_MINUTES = 15

# The groups of patterns a warm-up prepares and a cool-down stretches; an Olympic lift or a
# burpee hinges, a carry braces the trunk.
PATTERN_GROUPS = {
    Pattern.SQUAT: "squat",
    Pattern.HINGE: "hinge",
    Pattern.FULL_BODY: "hinge",
    Pattern.HORIZONTAL_PUSH: "push",
    Pattern.VERTICAL_PUSH: "push",
    Pattern.HORIZONTAL_PULL: "pull",
    Pattern.VERTICAL_PULL: "pull",
    Pattern.CORE: "core",
    Pattern.CARRY: "core",
}
GROUP_ORDER = ("squat", "hinge", "push", "pull", "core")
MOST_DRILLS = 4
MOST_STRETCHES = 4

# The chance of a block on a moderate day, by goal: (strength, skill). A heavy day always has
# a strength block where the equipment allows one; a light day never does.
BLOCK_CHANCES = {
    Goal.MUSCLE_GAIN: (0.75, 0.15),
    Goal.GENERAL_FITNESS: (0.35, 0.3),
    Goal.WEIGHT_LOSS: (0.25, 0.25),
    Goal.ENDURANCE: (0.1, 0.25),
}
# Sets x reps of a strength block, by goal; beginners do the lighter schemes.
STRENGTH_SCHEMES = {
    Goal.MUSCLE_GAIN: ((4, 8), (5, 5), (4, 6), (3, 10)),
    Goal.GENERAL_FITNESS: ((5, 5), (5, 3), (4, 5)),
    Goal.WEIGHT_LOSS: ((4, 6), (3, 8), (5, 5)),
    Goal.ENDURANCE: ((3, 8), (4, 6)),
}
BEGINNER_SCHEMES = ((3, 8), (4, 6), (3, 10))
# Rest between heavy sets: 2-3 min under a barbell, 90 s with a dumbbell or a kettlebell.
BARBELL_REST_S = 150
STRENGTH_REST_S = 90
BUILD_UP_S = 120  # the lighter sets before the first working set
SKILL_EMOM_MINUTES = (10, 12)
SKILL_WORK_S = 20.0  # of the skill itself each minute
SKILL_HOLD_S = 20
TRANSITION_S = 10
RAISE_SECONDS = (60, 180)  # the general raise, easy
MOST_WARM_UP_ROUNDS = 3
DRILL_WORK_S = 30.0  # the most work in one warm-up drill
_FIXED_IMPLEMENTS = frozenset({"dumbbell", "kettlebell", "medicine_ball", "sandbag"})


@dataclass(frozen=True, slots=True)
class Frame:
    """The session's minutes shared out before the metcon is drawn."""

    warm_up: int
    block: PartKind | None  # STRENGTH, SKILL or None
    block_minutes: int
    cool_down: int
    metcon_room: int  # the most minutes the metcon's clock may take


class SessionCatalogue:
    """The catalogue's warm-up, block and cool-down movements, indexed once."""

    __slots__ = ("_allowed", "_grouped", "by_id", "exercises")
    _MAX_CACHED = 2048

    def __init__(self, catalogue: Sequence[CatalogueExercise], prepared: dict[int, Prepared]):
        self.exercises = tuple(sorted(catalogue, key=lambda e: e.id))
        self.by_id = prepared
        self._allowed: dict[tuple, list[CatalogueExercise]] = {}
        self._grouped: dict[tuple, dict[str, list[CatalogueExercise]]] = {}

    def allowed(self, profile: AthleteProfile, role: str) -> list[CatalogueExercise]:
        """The exercises of `role` the athlete can do, in id order: equipment, space,
        difficulty and a session cap above 0 at their level. Memoised: athletes share few
        (level, equipment, space) sets; the oldest entry goes first when the memo is full."""
        key = (profile.level, profile.equipment, profile.space, role)
        found = self._allowed.get(key)
        if found is None:
            if len(self._allowed) >= self._MAX_CACHED:
                del self._allowed[next(iter(self._allowed))]
            found = self._allowed[key] = self._filter(profile, role)
        return found

    def memo(self, profile: AthleteProfile, kind: str, build: Callable[[], list]) -> list:
        """`build()`'s list for the athlete's (level, equipment, space) and `kind`, memoised."""
        key = (profile.level, profile.equipment, profile.space, kind)
        found = self._allowed.get(key)
        if found is None:
            if len(self._allowed) >= self._MAX_CACHED:
                del self._allowed[next(iter(self._allowed))]
            found = self._allowed[key] = build()
        return found

    def grouped(self, profile: AthleteProfile, kind: str) -> dict[str, list[CatalogueExercise]]:
        """The athlete's warm-up drills (`kind` "drills") or held stretches ("stretches") by
        pattern group, in id order; memoised as `allowed` is."""
        key = (profile.level, profile.equipment, profile.space, kind)
        found = self._grouped.get(key)
        if found is None:
            if kind == "drills":
                rows = [
                    e for e in self.allowed(profile, Role.WARM_UP) if is_drill(e, profile.level)
                ]
            else:
                rows = [
                    e
                    for e in self.allowed(profile, Role.COOL_DOWN)
                    if e.measurement == Measurement.SECONDS
                ]
            by_group: dict[str, list[CatalogueExercise]] = {}
            for e in rows:
                group = PATTERN_GROUPS.get(e.pattern)
                if group is not None:
                    by_group.setdefault(group, []).append(e)
            if len(self._grouped) >= self._MAX_CACHED:
                del self._grouped[next(iter(self._grouped))]
            found = self._grouped[key] = by_group
        return found

    def _filter(self, profile: AthleteProfile, role: str) -> list[CatalogueExercise]:
        owned = profile.equipment | {BODYWEIGHT}
        cap = DIFFICULTY_CAP[profile.level]
        return [
            e
            for e in self.exercises
            if role in e.roles
            and e.equipment <= owned
            and e.needs <= profile.space
            and e.difficulty <= cap
            and e.max_per_session.at(profile.level) > 0
        ]


def session_frame(
    *, profile: AthleteProfile, plan: DayPlan, rng: random.Random, block_kinds: Iterable[str]
) -> Frame:
    """The minutes of the warm-up, the block (if any) and the cool-down, and the room left for
    the metcon. `block_kinds`: the blocks the athlete's equipment allows today."""
    total = profile.session_minutes
    if total <= 30:
        warm_up, cool_down = 5, 3
    elif total <= 45:
        warm_up, cool_down = rng.choice((6, 7, 8)), 4
    else:
        warm_up, cool_down = rng.choice((8, 9, 10)), 5
    kinds = set(block_kinds)
    strength_chance, skill_chance = BLOCK_CHANCES[profile.goal]
    draw = rng.random()
    if plan.intensity == Intensity.HEAVY and PartKind.STRENGTH in kinds:
        block = PartKind.STRENGTH
    elif plan.intensity == Intensity.LIGHT:
        block = PartKind.SKILL if draw < skill_chance else None
    elif draw < strength_chance:
        block = PartKind.STRENGTH
    elif draw < strength_chance + skill_chance:
        block = PartKind.SKILL
    else:
        block = None
    if block not in kinds:
        block = None
    room = total - warm_up - cool_down
    block_minutes = 0
    if block is not None:
        block_minutes = min(PART_MINUTES[block][1], max(PART_MINUTES[block][0], total // 4))
        if room - block_minutes < MIN_METCON_ROOM:
            block, block_minutes = None, 0
    room -= block_minutes
    if plan.intensity == Intensity.LIGHT:
        room = min(room, LIGHT_METCON_MINUTES)
    return Frame(warm_up, block, block_minutes, cool_down, room)


def warm_up_part(
    *,
    catalogue: SessionCatalogue,
    profile: AthleteProfile,
    minutes: int,
    worked: Sequence[CatalogueExercise],
    rng: random.Random,
) -> Part:
    """The general raise, then a drill for each pattern group `worked` uses (squat, hinge,
    push, pull, then the trunk), light: about a third of the level's unbroken set."""
    level = profile.level
    allowed = catalogue.allowed(profile, Role.WARM_UP)
    worked_ids = {e.id for e in worked}
    raises = catalogue.memo(profile, "raises", lambda: _raises(allowed))
    raise_with = rng.choice(raises) if raises else None
    by_group = catalogue.grouped(profile, "drills")
    drills: list[CatalogueExercise] = []
    for group in _groups(worked):
        chosen = {e.id for e in drills}
        candidates = [
            e for e in by_group.get(group, ()) if e.id not in worked_ids and e.id not in chosen
        ]
        # Moving drills before static holds: a warm-up mobilises rather than stretches.
        dynamic = [e for e in candidates if e.measurement != Measurement.SECONDS]
        if dynamic or candidates:
            drills.append(rng.choice(dynamic or candidates))
        if len(drills) == MOST_DRILLS:
            break
    amounts = [_light_amount(e, level) for e in drills]
    paces = [catalogue.by_id[e.id].pace[level] for e in drills]
    one_round = sum(a * p + TRANSITION_S for a, p in zip(amounts, paces, strict=True))
    room = minutes * 60 - (RAISE_SECONDS[0] if raise_with is not None else 0)
    # Short drills: one round of four always fits the shortest warm-up after its raise.
    rounds = max(1, min(MOST_WARM_UP_ROUNDS, math.floor(room / one_round) if one_round else 1))
    raise_s = min(max(minutes * 60 - rounds * one_round, RAISE_SECONDS[0]), RAISE_SECONDS[1])
    raise_s = 30 * math.floor(raise_s / 30) if raise_with is not None else 0
    low, high = PART_MINUTES[PartKind.WARM_UP]
    minutes = min(max(math.ceil((raise_s + rounds * one_round) / 60), low), high)
    if not drills and raise_with is None:
        # No warm-up movement in the catalogue for this athlete: the metcon's own
        # movements, easy and few, prepare it.
        drills = list(worked[:MOST_DRILLS])
        amounts = [e.min_per_bout for e in drills]
        rounds = 2
    movements = []
    if raise_with is not None:
        movements.append(_timed(raise_with, order=1, seconds=raise_s, note="easy pace"))
    for e, amount in zip(drills, amounts, strict=True):
        movements.append(
            _movement(e, order=len(movements) + 1, amount=amount, sets=rounds, note="light")
        )
    drill_names = ", ".join(_phrase(catalogue, m) for m in movements[1 if raise_with else 0 :])
    if raise_with is not None:
        text = f"Warm-up, {minutes} min: {_phrase(catalogue, movements[0])}"
        if drill_names:
            text += f", then {_rounds_text(rounds)}{drill_names}, light and smooth"
    else:
        text = f"Warm-up, {minutes} min: {_rounds_text(rounds)}{drill_names}, light and smooth"
    return Part(PartKind.WARM_UP, minutes, text + ".", tuple(movements))


def cool_down_part(
    *,
    catalogue: SessionCatalogue,
    profile: AthleteProfile,
    minutes: int,
    worked: Sequence[CatalogueExercise],
    rng: random.Random,
    rest_day: bool = False,
) -> Part:
    """Stretches for what was worked (or the whole body on a rest day), held 30-60 s each."""
    by_group = catalogue.grouped(profile, "stretches")
    groups = list(GROUP_ORDER) if rest_day else _groups(worked) or ["hinge", "squat"]
    # As many stretches as the minutes hold at 30 s or more each, one a group first.
    most = min(2 * MOST_STRETCHES if rest_day else MOST_STRETCHES, minutes * 60 // 40)
    stretches: list[CatalogueExercise] = []
    chosen: set[int] = set()
    for group in groups * 2:
        candidates = [e for e in by_group.get(group, ()) if e.id not in chosen]
        if candidates and len(stretches) < most:
            stretches.append(rng.choice(candidates))
            chosen.add(stretches[-1].id)
    for e in sorted((e for rows in by_group.values() for e in rows), key=lambda e: e.id):
        if len(stretches) >= max(2, most // 2):
            break
        if e.id not in chosen:
            stretches.append(e)
            chosen.add(e.id)
    if not stretches:
        # No stretch in the catalogue for this athlete: easy movement brings them down.
        easy = catalogue.allowed(profile, Role.COOL_DOWN)[:1]
        movements = tuple(_timed(e, order=1, seconds=minutes * 60, note="easy") for e in easy)
        what = (
            f"{minutes} min easy {_name(easy[0])}"
            if easy
            else "walk easy until your breathing settles"
        )
        return Part(PartKind.COOL_DOWN, minutes, f"Cool-down, {minutes} min: {what}.", movements)
    hold = max(30, min(60, 15 * math.floor((minutes * 60 / len(stretches) - TRANSITION_S) / 15)))
    movements = tuple(
        _timed(e, order=order, seconds=hold, note="each side where it has two")
        for order, e in enumerate(stretches, start=1)
    )
    names = ", ".join(f"{hold} s {_name(e)}" for e in stretches)
    return Part(PartKind.COOL_DOWN, minutes, f"Cool-down, {minutes} min: {names}.", movements)


def block_kinds(catalogue: SessionCatalogue, profile: AthleteProfile) -> list[str]:
    """The blocks the athlete's equipment and level allow at all."""
    kinds = []
    if _strength_candidates(catalogue, profile, frozenset(), frozenset()):
        kinds.append(PartKind.STRENGTH)
    if _skill_candidates(catalogue, profile, frozenset(), frozenset()):
        kinds.append(PartKind.SKILL)
    return kinds


def block_part(
    *,
    kind: str,
    catalogue: SessionCatalogue,
    profile: AthleteProfile,
    plan: DayPlan,
    minutes: int,
    avoid_families: frozenset[str],
    avoid_cap_groups: frozenset[str],
    metcon_patterns: frozenset[str],
    rng: random.Random,
    avoid_groups: frozenset[str] = frozenset(),
) -> Part | None:
    """A strength block ("Back squat 5x5 at RPE 7") or a skill EMOM ("EMOM 10: 2 strict
    pull-ups + 20 s hollow hold") within `minutes`, of a family neither the metcon nor
    yesterday used, of no cap group the metcon fills and of no pattern group in
    `avoid_groups` (`week_avoid_groups`); None when nothing fits."""
    if kind == PartKind.STRENGTH:
        return _strength(
            catalogue,
            profile,
            plan,
            minutes,
            avoid_families,
            avoid_cap_groups,
            metcon_patterns,
            rng,
            avoid_groups,
        )
    return _skill(catalogue, profile, minutes, avoid_families, avoid_cap_groups, rng, avoid_groups)


def week_avoid_groups(
    *,
    history: History,
    day: datetime.date,
    metcon: Sequence[CatalogueExercise],
    catalogue: Mapping[int, CatalogueExercise],
) -> frozenset[str]:
    """The pattern groups a block must leave alone today: one worked on each of the last two
    days (a third day running), and the one of push and pull ahead over the last 6 days and
    today's metcon (the week keeps them within 2:1)."""

    def groups(ids: Iterable[int]) -> set[str | None]:
        return {PATTERN_GROUPS.get(catalogue[i].pattern) for i in ids if i in catalogue}

    by_age: dict[int, set[str | None]] = {}
    for past in history.recent:
        age = (day - past.for_date).days
        if 1 <= age <= 6:
            by_age.setdefault(age, set()).update(
                groups(past.exercise_ids + past.block_exercise_ids)
            )
    avoid = by_age.get(1, set()) & by_age.get(2, set())
    today = {PATTERN_GROUPS.get(e.pattern) for e in metcon}
    days = [*by_age.values(), today]
    pushes = sum("push" in worked for worked in days)
    pulls = sum("pull" in worked for worked in days)
    if pushes > pulls:
        avoid.add("push")
    elif pulls > pushes:
        avoid.add("pull")
    return frozenset(group for group in avoid if group is not None)


def _strength_candidates(catalogue, profile, avoid_families, avoid_cap_groups):
    lifts = catalogue.memo(
        profile,
        "strength",
        lambda: [
            e
            for e in catalogue.allowed(profile, Role.STRENGTH)
            if e.measurement == Measurement.REPS
        ],
    )
    return [
        e
        for e in lifts
        if e.family not in avoid_families
        and (not e.cap_group or e.cap_group not in avoid_cap_groups)
    ]


def _skill_candidates(catalogue, profile, avoid_families, avoid_cap_groups):
    level = profile.level
    skills = catalogue.memo(
        profile,
        "skill",
        lambda: [
            e
            for e in catalogue.allowed(profile, Role.SKILL)
            if e.measurement in (Measurement.REPS, Measurement.SECONDS)
            and e.min_per_bout * e.pace_s.at(level) <= SKILL_WORK_S * 1.5
            and e.max_per_session.at(level) >= e.min_per_bout * SKILL_EMOM_MINUTES[0]
        ],
    )
    return [
        e
        for e in skills
        if e.family not in avoid_families
        and (not e.cap_group or e.cap_group not in avoid_cap_groups)
    ]


def _strength(
    catalogue, profile, plan, minutes, avoid_families, avoid_cap_groups, patterns, rng, avoid_groups
):
    level = profile.level
    candidates = [
        e
        for e in _strength_candidates(catalogue, profile, avoid_families, avoid_cap_groups)
        if PATTERN_GROUPS.get(e.pattern) not in avoid_groups
    ]
    # A loaded lift first, of a pattern the metcon leaves out.
    for narrowed in (
        [e for e in candidates if e.load_kg is not None and e.pattern not in patterns],
        [e for e in candidates if e.load_kg is not None],
        candidates,
    ):
        if narrowed:
            candidates = narrowed
            break
    schemes = BEGINNER_SCHEMES if level == Level.BEGINNER else STRENGTH_SCHEMES[profile.goal]
    candidates = list(candidates)
    rng.shuffle(candidates)
    for e in candidates:
        barbell = BARBELL in e.equipment
        rest = BARBELL_REST_S if barbell else STRENGTH_REST_S
        for sets, reps in sorted(schemes, key=lambda _: rng.random()):
            if not e.min_per_bout <= reps <= e.max_per_bout.at(level):
                continue
            if sets * reps > e.max_per_session.at(level):
                continue
            seconds = BUILD_UP_S + sets * (reps * e.pace_s.at(level) + rest)
            needed = max(PART_MINUTES[PartKind.STRENGTH][0], math.ceil(seconds / 60))
            if needed > minutes:
                continue
            rpe = 6 if level == Level.BEGINNER else (8 if plan.intensity == Intensity.HEAVY else 7)
            men = women = None
            if e.equipment & _FIXED_IMPLEMENTS and not barbell:
                men, women = loads(catalogue.by_id[e.id], level=level, goal=profile.goal)
            note = f"at RPE {rpe}, {_duration(rest)} rest between sets"
            movement = Movement.of(
                exercise_id=e.id,
                exercise_name=e.name,
                order=1,
                measurement=Measurement.REPS,
                amount=reps,
                load_kg=men,
                load_women_kg=women,
                sets=sets,
                note=note,
            )
            load = f" ({men:g}/{women:g} kg)" if men is not None else ""
            text = (
                f"Strength, {needed} min: {_capitalised(e)} {sets}x{reps}{load} at RPE {rpe}, "
                f"building over two lighter sets first; {_duration(rest)} rest between sets."
            )
            return Part(PartKind.STRENGTH, needed, text, (movement,))
    return None


def _skill(catalogue, profile, minutes, avoid_families, avoid_cap_groups, rng, avoid_groups):
    level = profile.level
    candidates = [
        e
        for e in _skill_candidates(catalogue, profile, avoid_families, avoid_cap_groups)
        if PATTERN_GROUPS.get(e.pattern) not in avoid_groups
    ]
    if not candidates:
        return None
    e = rng.choice(candidates)
    emom = max(m for m in SKILL_EMOM_MINUTES if m <= max(minutes, SKILL_EMOM_MINUTES[0]))
    pace = e.pace_s.at(level)
    amount = max(e.min_per_bout, min(math.floor(SKILL_WORK_S / pace), e.max_per_bout.at(level)))
    amount = min(amount, e.max_per_session.at(level) // emom)
    if amount < e.min_per_bout:
        return None
    movements = [_movement(e, order=1, amount=amount, sets=emom, note="perfect reps")]
    hold = None
    if e.measurement == Measurement.REPS and amount * pace + SKILL_HOLD_S <= 40:
        core_holds = catalogue.memo(
            profile,
            "holds",
            lambda: [
                h
                for h in catalogue.allowed(profile, Role.SKILL)
                + catalogue.allowed(profile, Role.WARM_UP)
                if h.pattern == Pattern.CORE
                and h.measurement == Measurement.SECONDS
                and h.min_per_bout <= SKILL_HOLD_S <= h.max_per_bout.at(level)
            ],
        )
        holds = [
            h
            for h in core_holds
            if h.family != e.family
            and h.family not in avoid_families
            and h.max_per_session.at(level) >= SKILL_HOLD_S * emom
        ]
        if holds:
            hold = min(holds, key=lambda h: h.id)
            movements.append(_timed(hold, order=2, seconds=SKILL_HOLD_S, note="", sets=emom))
    what = " + ".join(_phrase(catalogue, m) for m in movements)
    text = (
        f"Skill, {emom} min: EMOM {emom}: {what}. Quality over speed: stop a set short of "
        "failure and rest the remainder of each minute."
    )
    return Part(PartKind.SKILL, emom, text, tuple(movements))


def rest_day_parts(
    *, catalogue: SessionCatalogue, profile: AthleteProfile, rng: random.Random
) -> tuple[Part, Part]:
    """Easy aerobic work the equipment and space allow (15-30 min) and whole-body mobility."""
    low, high = PART_MINUTES[PartKind.RECOVERY]
    recovery_minutes = min(high, max(low, profile.session_minutes // 2))
    cool_minutes = min(REST_COOL_DOWN_MINUTES[1], profile.session_minutes - recovery_minutes)
    allowed = catalogue.allowed(profile, Role.COOL_DOWN) + catalogue.allowed(profile, Role.WARM_UP)
    aerobic = sorted(
        {e.id: e for e in allowed if e.pattern == Pattern.MONOSTRUCTURAL}.values(),
        key=lambda e: e.id,
    )
    # A machine first (rower, bike, ski erg), then easy aerobic work (a walk, shadow boxing),
    # then anything monostructural: 30 min of skipping is no recovery.
    machines = [e for e in aerobic if e.measurement == Measurement.CALORIES]
    easy = machines or [e for e in aerobic if Role.COOL_DOWN in e.roles] or aerobic
    what = "an easy walk"
    movements: tuple[Movement, ...] = ()
    if easy:
        chosen = rng.choice(easy)
        name = _name(chosen)
        what = name if name.startswith("easy ") else f"easy {name}"
        movements = (
            _timed(chosen, order=1, seconds=recovery_minutes * 60, note="easy, conversational"),
        )
    recovery = Part(
        PartKind.RECOVERY,
        recovery_minutes,
        f"Active recovery, {recovery_minutes} min: {recovery_minutes} min {what}, "
        "at a pace you could hold a conversation at.",
        movements,
    )
    cool = cool_down_part(
        catalogue=catalogue,
        profile=profile,
        minutes=cool_minutes,
        worked=(),
        rng=rng,
        rest_day=True,
    )
    return recovery, cool


def _raises(allowed: list[CatalogueExercise]) -> list[CatalogueExercise]:
    """The general raises to draw from: the machines the athlete owns, else a rope or a run
    (metcon work done easy), else any monostructural warm-up; none when there is none."""
    mono = [e for e in allowed if e.pattern == Pattern.MONOSTRUCTURAL]
    machines = [e for e in mono if e.measurement == Measurement.CALORIES]
    ropes_and_runs = [e for e in mono if Role.METCON in e.roles]
    return machines or ropes_and_runs or mono


def _groups(worked: Sequence[CatalogueExercise]) -> list[str]:
    present = {PATTERN_GROUPS.get(e.pattern) for e in worked}
    return [group for group in GROUP_ORDER if group in present]


def is_drill(e: CatalogueExercise, level: str) -> bool:
    """A warm-up drill: counted in reps or held, its least bout within DRILL_WORK_S."""
    return (
        e.measurement in (Measurement.REPS, Measurement.SECONDS)
        and e.min_per_bout * e.pace_s.at(level) <= DRILL_WORK_S
    )


def _light_amount(e: CatalogueExercise, level: str) -> int:
    """About a third of the level's unbroken set, 10 reps or 20 s at most, within
    DRILL_WORK_S of work."""
    top = min(e.max_per_bout.at(level), math.floor(DRILL_WORK_S / e.pace_s.at(level)))
    light = 20 if e.measurement == Measurement.SECONDS else min(10, math.floor(top / 3))
    return max(e.min_per_bout, min(light, top))


def _movement(
    e: CatalogueExercise, *, order: int, amount: int, sets: int | None = None, note: str = ""
) -> Movement:
    return Movement.of(
        exercise_id=e.id,
        exercise_name=e.name,
        order=order,
        measurement=e.measurement,
        amount=amount,
        sets=sets,
        note=note,
    )


def _timed(
    e: CatalogueExercise, *, order: int, seconds: int, note: str, sets: int | None = None
) -> Movement:
    """A movement held or done for a time, whatever its measurement ("2 min easy row")."""
    return Movement.of(
        exercise_id=e.id,
        exercise_name=e.name,
        order=order,
        measurement=Measurement.SECONDS,
        amount=seconds,
        sets=sets,
        note=note,
    )


def _phrase(catalogue: SessionCatalogue, movement: Movement) -> str:
    e = catalogue.by_id[movement.exercise_id]
    if movement.seconds is not None:
        if e.measurement != Measurement.SECONDS:
            name = e.plural if e.measurement == Measurement.REPS else e.singular
            return f"{_duration(movement.seconds)} easy {name}"
        return f"{movement.seconds} s {e.singular}"
    if movement.reps is not None:
        text = f"{movement.reps} {e.singular if movement.reps == 1 else e.plural}"
    elif movement.calories is not None:
        text = f"{movement.calories} cal {e.singular}"
    else:
        text = f"{movement.distance_m} m {e.singular}"
    if movement.load_kg is not None:
        text += f" ({movement.load_kg:g}/{movement.load_women_kg:g} kg)"
    return text


def _rounds_text(rounds: int) -> str:
    return f"{rounds} rounds of " if rounds > 1 else ""


def _name(e: CatalogueExercise) -> str:
    return display_name(e.name)


def _capitalised(e: CatalogueExercise) -> str:
    name = _name(e)
    return name[:1].upper() + name[1:]


def _duration(seconds: int) -> str:
    minutes, rest = divmod(int(seconds), 60)
    if not rest:
        return f"{minutes} min"
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s"
