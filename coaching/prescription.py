"""Volumes, rounds, clocks and loads: the selected exercises sized for the athlete's level.

See `coaching.clock` for the time model and `coaching.limits` for the ceilings. Each bout
volume is one the catalogue allows at the level (between `min_per_bout` and `max_per_bout`),
and volume x bouts stays within each exercise's session cap and its cap group's share. When
the drawn plan cannot be sized (a session cap too low for the rounds, a round too long for
the clock), the rounds or the clock give way; when nothing fits, `Infeasible`.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from coaching.clock import (
    AMRAP_MIN_ROUNDS,
    EMOM_TARGET_WORK_S,
    FOR_TIME_CAP_RATIO,
    TRANSITION_S,
    for_time_cap,
)
from coaching.limits import ADVANCED_LOAD_FACTOR, CAP_GROUP_CEILINGS
from coaching.pool import Prepared
from coaching.styles import (
    AMRAP_MINUTES,
    AMRAP_ROUNDS,
    EMOM_MINUTES,
    FOR_TIME_CAPS,
    FOR_TIME_ROUNDS,
    GoalStyle,
)
from coaching.vocabulary import Level, Modality, WodFormat

MAX_FOR_TIME_ROUNDS = 10
MAX_MINUTES = 40
MIN_EMOM_MINUTES = 6
MIN_AMRAP_MINUTES = 5
# A monostructural bout (a run, a row) takes a bigger share of a round than a set of reps.
_MONOSTRUCTURAL_SHARE = 1.5


class Infeasible(Exception):
    """The selected exercises cannot be sized into this format for this level."""


@dataclass(frozen=True, slots=True)
class Sized:
    volumes: tuple[int, ...]
    minutes: int  # the clock, or For Time's cap
    rounds: int | None  # For Time only
    expected_seconds: int
    expected_rounds: float | None  # AMRAP only
    work_seconds: tuple[float, ...]  # of one bout of each movement at the level


def session_ceilings(exercises: Sequence[Prepared], level: str) -> list[int]:
    """Each movement's most units in the session: its own cap and an equal share of each cap
    group ceiling it falls under."""
    ceilings = [e.max_per_session[level] for e in exercises]
    for groups, ceiling in CAP_GROUP_CEILINGS:
        sharing = [i for i, e in enumerate(exercises) if e.cap_group in groups]
        for i in sharing:
            ceilings[i] = min(ceilings[i], ceiling.at(level) // len(sharing))
    return ceilings


def size(
    *,
    exercises: Sequence[Prepared],
    wod_format: str,
    time_domain: str,
    level: str,
    style: GoalStyle,
    rng: random.Random,
) -> Sized:
    ceilings = session_ceilings(exercises, level)
    shares = []
    for e in exercises:
        share = rng.uniform(0.8, 1.2)
        if e.modality == Modality.MONOSTRUCTURAL:
            share *= _MONOSTRUCTURAL_SHARE
        elif e.load_kg is not None:
            share *= style.loaded_share
        shares.append(share)
    total = sum(shares)
    shares = [share / total for share in shares]
    if wod_format == WodFormat.FOR_TIME:
        return _for_time(exercises, ceilings, shares, time_domain, level, rng)
    if wod_format == WodFormat.AMRAP:
        return _amrap(exercises, ceilings, shares, time_domain, level, rng)
    return _emom(exercises, ceilings, time_domain, level, style, rng)


def _for_time(exercises, ceilings, shares, time_domain, level, rng) -> Sized:
    n = len(exercises)
    transition = TRANSITION_S[level]
    target = rng.choice(FOR_TIME_CAPS[time_domain]) * 60 / FOR_TIME_CAP_RATIO
    volumes = None
    for rounds in range(FOR_TIME_ROUNDS[min(n, 5)].pick(rng), 0, -1):
        per_round = target / rounds - n * transition
        volumes = _fit(exercises, ceilings, shares, per_round, rounds, level)
        if volumes is not None:
            break
    if volumes is None:
        raise Infeasible("no bout fits the session caps")
    work = tuple(v * e.pace[level] for v, e in zip(volumes, exercises, strict=True))
    round_s = sum(work) + n * transition
    most = min(
        MAX_FOR_TIME_ROUNDS, *(ceiling // v for ceiling, v in zip(ceilings, volumes, strict=True))
    )
    aimed = min(max(round(target / round_s), 1), most)
    for rounds in sorted(range(1, most + 1), key=lambda r: (abs(r - aimed), r)):
        expected = rounds * round_s
        cap = for_time_cap(expected)
        if cap is not None and cap <= MAX_MINUTES:
            return Sized(volumes, cap, rounds, round(expected), None, work)
    raise Infeasible("no cap of whole minutes fits the work")


def _amrap(exercises, ceilings, shares, time_domain, level, rng) -> Sized:
    n = len(exercises)
    transition = TRANSITION_S[level]
    minutes = rng.choice(AMRAP_MINUTES[time_domain])
    volumes = None
    for aimed in range(rng.choice(AMRAP_ROUNDS[time_domain]), AMRAP_MIN_ROUNDS - 1, -1):
        per_round = minutes * 60 / aimed - n * transition
        # One round more than aimed at: a fast day stays within the session caps too.
        volumes = _fit(exercises, ceilings, shares, per_round, aimed + 1, level)
        if volumes is not None:
            break
    if volumes is None:
        raise Infeasible("no bout fits the session caps")
    work = tuple(v * e.pace[level] for v, e in zip(volumes, exercises, strict=True))
    round_s = sum(work) + n * transition
    minutes = max(minutes, math.ceil(AMRAP_MIN_ROUNDS * round_s / 60))
    most = min(ceiling // v for ceiling, v in zip(ceilings, volumes, strict=True))
    if math.ceil(minutes * 60 / round_s) > most:
        minutes = math.floor(most * round_s / 60)
    expected = minutes * 60 / round_s
    if expected < AMRAP_MIN_ROUNDS or not MIN_AMRAP_MINUTES <= minutes <= MAX_MINUTES:
        raise Infeasible("the rounds do not fit the clock")
    # Stored to a tenth, rounded down: the caps hold for the rounds as stored.
    return Sized(volumes, minutes, None, minutes * 60, math.floor(expected * 10) / 10, work)


def _emom(exercises, ceilings, time_domain, level, style, rng) -> Sized:
    n = len(exercises)
    choices = [m for m in EMOM_MINUTES[time_domain] if m % n == 0] or [n * 3]
    minutes = rng.choice(choices)
    aimed_work = EMOM_TARGET_WORK_S[level] * style.emom_work_factor * rng.uniform(0.85, 1.05)
    shortest = max(MIN_EMOM_MINUTES, 2 * n)
    # Fewer minutes rather than thin ones: the session caps hold at the aimed work.
    aimed = [_nearest(e.emom_options(level), aimed_work / e.pace[level], 10**9) for e in exercises]
    if None not in aimed:
        bouts = min(ceiling // volume for ceiling, volume in zip(ceilings, aimed, strict=True))
        if n * bouts < minutes:
            minutes = max(n * bouts, n * math.ceil(shortest / n))
    while minutes >= shortest:
        bouts = minutes // n
        volumes = []
        for e, ceiling in zip(exercises, ceilings, strict=True):
            pace = e.pace[level]
            volume = _nearest(e.emom_options(level), aimed_work / pace, ceiling // bouts)
            if volume is None:
                break
            volumes.append(volume)
        else:
            work = tuple(v * e.pace[level] for v, e in zip(volumes, exercises, strict=True))
            return Sized(tuple(volumes), minutes, None, minutes * 60, None, work)
        minutes -= n
    raise Infeasible("no minute of work fits the session caps")


def _fit(exercises, ceilings, shares, per_round, bouts, level) -> tuple[int, ...] | None:
    """Each movement's bout volume nearest its share of a round, within its caps for `bouts`
    bouts; None when some movement has no volume low enough."""
    volumes = []
    for e, ceiling, share in zip(exercises, ceilings, shares, strict=True):
        volume = _nearest(e.options[level], per_round * share / e.pace[level], ceiling // bouts)
        if volume is None:
            return None
        volumes.append(volume)
    return tuple(volumes)


def _nearest(options: tuple[int, ...], target: float, highest: int) -> int | None:
    """The option nearest `target` that is at most `highest`; None when none is."""
    usable = bisect_right(options, highest)
    if not usable:
        return None
    position = bisect_right(options, target, 0, usable)
    if position == 0:
        return options[0]
    if position == usable:
        return options[usable - 1]
    below, above = options[position - 1], options[position]
    return below if target - below <= above - target else above


def loads(e: Prepared, *, level: str, goal: str) -> tuple[float | None, float | None]:
    """(men's, women's) load: scaled for a beginner, Rx for an intermediate, up to 1.1x Rx
    for an advanced athlete by goal."""
    if e.load_kg is None or e.load_women_kg is None:
        return None, None
    step = e.plate_step_kg
    if level == Level.BEGINNER:
        men = e.load_scaled_kg if e.load_scaled_kg is not None else e.load_kg
        women = _to_step(men * e.load_women_kg / e.load_kg, step, math.floor)
        return men, min(max(women, step), e.load_women_kg, men)
    if level == Level.INTERMEDIATE:
        return e.load_kg, e.load_women_kg
    factor = ADVANCED_LOAD_FACTOR[goal]
    return (
        max(e.load_kg, _to_step(e.load_kg * factor, step, math.floor)),
        max(e.load_women_kg, _to_step(e.load_women_kg * factor, step, math.floor)),
    )


def _to_step(kg: float, step: float, rounding) -> float:
    return rounding(kg / step + 1e-9) * step
