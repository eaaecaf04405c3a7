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
    E2MOM_TARGET_WORK_S,
    EMOM_TARGET_WORK_S,
    FOR_TIME_CAP_RATIO,
    INTERVAL_MIN_ROUNDS,
    INTERVAL_REST_S,
    INTERVAL_SETS,
    INTERVAL_WORK_S,
    TABATA_MINUTES,
    TABATA_REST_S,
    TABATA_SETS,
    TABATA_WORK_S,
    TRANSITION_S,
    e2mom_work_fits,
    for_time_cap,
    interval_minutes,
    tabata_reps,
)
from coaching.limits import (
    ADVANCED_LOAD_FACTOR,
    CAP_GROUP_CEILINGS,
    MAX_RX_FACTOR,
    MOST_SETS_PER_AMOUNT,
    VOLUME_OPTIONS,
)
from coaching.pool import Prepared
from coaching.styles import (
    AMRAP_MINUTES,
    AMRAP_ROUNDS,
    CHIPPER_CAPS,
    DESCENDING_MULTIPLIERS,
    DESCENDING_SCHEMES,
    E2MOM_MINUTES,
    EMOM_MINUTES,
    FOR_TIME_CAPS,
    FOR_TIME_ROUNDS,
    GoalStyle,
)
from coaching.vocabulary import Level, Measurement, Modality, WodFormat
from coaching.wod import scheme_amounts

MAX_FOR_TIME_ROUNDS = 10
MAX_MINUTES = 40
MIN_EMOM_MINUTES = 6
MIN_AMRAP_MINUTES = 5
# The shortest For Time cap worth a metcon: a Tabata's 4 minutes.
MIN_FOR_TIME_MINUTES = 4
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
    rep_scheme: tuple[int, ...] = ()  # DESCENDING: the scheme (21, 15, 9)
    interval_work_s: int | None = None  # INTERVALS and TABATA: one set's work
    interval_rest_s: int | None = None  # INTERVALS and TABATA: the rest after each set


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
    max_minutes: int = MAX_MINUTES,
) -> Sized:
    """The exercises sized into `wod_format` for the level, its clock (a For Time cap, an
    AMRAP's or intervals' length) at most `max_minutes`: what the session leaves the metcon."""
    max_minutes = min(max_minutes, MAX_MINUTES)
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
        return _for_time(exercises, ceilings, shares, time_domain, level, rng, max_minutes)
    if wod_format == WodFormat.DESCENDING:
        return _descending(exercises, ceilings, shares, time_domain, level, rng, max_minutes)
    if wod_format == WodFormat.CHIPPER:
        return _chipper(exercises, ceilings, shares, time_domain, level, rng, max_minutes)
    if wod_format == WodFormat.AMRAP:
        return _amrap(exercises, ceilings, shares, time_domain, level, rng, max_minutes)
    if wod_format == WodFormat.E2MOM:
        return _e2mom(exercises, ceilings, time_domain, level, style, rng, max_minutes)
    if wod_format == WodFormat.INTERVALS:
        return _intervals(exercises, ceilings, shares, level, rng, max_minutes)
    if wod_format == WodFormat.TABATA:
        return _tabata(exercises, ceilings, level, max_minutes)
    return _emom(exercises, ceilings, time_domain, level, style, rng, max_minutes)


def _within(choices: Sequence[int], max_minutes: int) -> list[int]:
    """The clock choices within the session's room, else the room itself."""
    return [m for m in choices if m <= max_minutes] or [max_minutes]


def _for_time(exercises, ceilings, shares, time_domain, level, rng, max_minutes) -> Sized:
    n = len(exercises)
    transition = TRANSITION_S[level]
    target = rng.choice(_within(FOR_TIME_CAPS[time_domain], max_minutes)) * 60 / FOR_TIME_CAP_RATIO
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
        if cap is not None and MIN_FOR_TIME_MINUTES <= cap <= max_minutes:
            return Sized(volumes, cap, rounds, round(expected), None, work)
    raise Infeasible("no cap of whole minutes fits the work")


def _descending(exercises, ceilings, shares, time_domain, level, rng, max_minutes) -> Sized:
    """A scheme such as 21-15-9: each movement's first round is a multiple of the scheme's
    first number, and shrinks with it; the cap as For Time's."""
    if len(exercises) < 2 or any(e.measurement not in _COUNTED for e in exercises):
        raise Infeasible("a descending scheme counts the reps or calories of a couplet or more")
    n = len(exercises)
    transition = TRANSITION_S[level]
    target = rng.choice(_within(FOR_TIME_CAPS[time_domain], max_minutes)) * 60 / FOR_TIME_CAP_RATIO
    schemes = list(DESCENDING_SCHEMES)
    rng.shuffle(schemes)
    for scheme in schemes:
        firsts = []
        for e, ceiling, share in zip(exercises, ceilings, shares, strict=True):
            aimed = (target - len(scheme) * n * transition) * share / e.pace[level]
            fitting = [
                first
                for first in sorted({max(1, round(scheme[0] * k)) for k in DESCENDING_MULTIPLIERS})
                if _amounts_fit(e, level, scheme_amounts(first, scheme), ceiling)
            ]
            if not fitting:
                break
            firsts.append(
                min(fitting, key=lambda first: abs(sum(scheme_amounts(first, scheme)) - aimed))
            )
        else:
            expected = sum(
                sum(
                    scheme_amounts(first, scheme)[r] * e.pace[level]
                    for first, e in zip(firsts, exercises, strict=True)
                )
                + n * transition
                for r in range(len(scheme))
            )
            cap = for_time_cap(expected)
            if cap is not None and MIN_FOR_TIME_MINUTES <= cap <= max_minutes:
                work = tuple(v * e.pace[level] for v, e in zip(firsts, exercises, strict=True))
                return Sized(tuple(firsts), cap, len(scheme), round(expected), None, work, scheme)
    raise Infeasible("no descending scheme fits the level and the clock")


def _amounts_fit(e: Prepared, level: str, amounts: Sequence[int], ceiling: int) -> bool:
    """Every round's amount a bout worth doing (broken into at most MOST_SETS_PER_AMOUNT of the
    level's sets), the whole within the session ceiling."""
    options = e.options[level]
    return bool(options) and (
        options[0] <= min(amounts)
        and max(amounts) <= MOST_SETS_PER_AMOUNT * options[-1]
        and sum(amounts) <= ceiling
    )


def _chipper(exercises, ceilings, shares, time_domain, level, rng, max_minutes) -> Sized:
    """Many movements once each, with high reps: every amount broken into sets as needed."""
    n = len(exercises)
    transition = TRANSITION_S[level]
    target = rng.choice(_within(CHIPPER_CAPS[time_domain], max_minutes)) * 60 / FOR_TIME_CAP_RATIO
    volumes = []
    for e, ceiling, share in zip(exercises, ceilings, shares, strict=True):
        options = e.options[level]
        if not options:
            raise Infeasible(f"{e.name} has no bout at this level")
        split = MOST_SETS_PER_AMOUNT if e.measurement in _COUNTED else 1
        amounts = tuple(
            v for v in VOLUME_OPTIONS[e.measurement] if options[0] <= v <= split * options[-1]
        )
        volume = _nearest(amounts, (target - n * transition) * share / e.pace[level], ceiling)
        if volume is None:
            raise Infeasible(f"{e.name} fits no chipper amount")
        volumes.append(volume)
    work = tuple(v * e.pace[level] for v, e in zip(volumes, exercises, strict=True))
    expected = sum(work) + n * transition
    cap = for_time_cap(expected)
    if cap is None or not MIN_FOR_TIME_MINUTES <= cap <= max_minutes:
        raise Infeasible("no cap of whole minutes fits the chipper")
    return Sized(tuple(volumes), cap, 1, round(expected), None, work)


def tenths_down(rounds: float) -> float:
    """`rounds` rounded down to a tenth, never above `rounds`: multiplying by 10 can round
    up (7.199999999999999 x 10 is 72.0), and 7.2 stored would then be more rounds than the
    work paces."""
    tenths = math.floor(rounds * 10) / 10
    return tenths if tenths <= rounds else round(tenths - 0.1, 1)


def _amrap(exercises, ceilings, shares, time_domain, level, rng, max_minutes) -> Sized:
    n = len(exercises)
    transition = TRANSITION_S[level]
    minutes = rng.choice(_within(AMRAP_MINUTES[time_domain], max_minutes))
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
    if expected < AMRAP_MIN_ROUNDS or not MIN_AMRAP_MINUTES <= minutes <= max_minutes:
        raise Infeasible("the rounds do not fit the clock")
    # Stored to a tenth, rounded down: the caps hold for the rounds as stored.
    return Sized(volumes, minutes, None, minutes * 60, tenths_down(expected), work)


def _emom(exercises, ceilings, time_domain, level, style, rng, max_minutes) -> Sized:
    n = len(exercises)
    choices = [m for m in EMOM_MINUTES[time_domain] if m % n == 0 and m <= max_minutes] or [
        n * (max_minutes // n)
    ]
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


def _e2mom(exercises, ceilings, time_domain, level, style, rng, max_minutes) -> Sized:
    """Every two minutes, the movements alternating: window i does movement i mod n."""
    n = len(exercises)
    cycle = 2 * n
    minutes = rng.choice(
        [m for m in E2MOM_MINUTES[time_domain] if m % cycle == 0 and m <= max_minutes]
        or [cycle * (max_minutes // cycle)]
    )
    aimed_work = E2MOM_TARGET_WORK_S[level] * style.emom_work_factor * rng.uniform(0.85, 1.05)
    while minutes >= max(MIN_EMOM_MINUTES, cycle):
        bouts = minutes // cycle
        volumes = []
        for e, ceiling in zip(exercises, ceilings, strict=True):
            pace = e.pace[level]
            options = tuple(v for v in e.options[level] if e2mom_work_fits(v * pace, level))
            volume = _nearest(options, aimed_work / pace, ceiling // bouts)
            if volume is None or not e2mom_work_fits(volume * pace, level):
                break
            volumes.append(volume)
        else:
            work = tuple(v * e.pace[level] for v, e in zip(volumes, exercises, strict=True))
            return Sized(tuple(volumes), minutes, None, minutes * 60, None, work)
        minutes -= cycle
    raise Infeasible("no two-minute window of work fits the session caps")


def _intervals(exercises, ceilings, shares, level, rng, max_minutes) -> Sized:
    """Sets of work and rest; in each work window the round is repeated as often as the
    athlete can, a round taking at most half the window."""
    n = len(exercises)
    transition = TRANSITION_S[level]
    plans = [
        (sets, work, rest)
        for sets in INTERVAL_SETS
        for work in INTERVAL_WORK_S
        for rest in INTERVAL_REST_S
        if rest <= work
        and interval_minutes(sets=sets, work_seconds=work, rest_seconds=rest) <= max_minutes
    ]
    if not plans:
        raise Infeasible("no intervals fit the session's room")
    sets, work_window, rest = rng.choice(plans)
    for aimed in (3, INTERVAL_MIN_ROUNDS):
        per_round = work_window / aimed - n * transition
        volumes = _fit(exercises, ceilings, shares, per_round, sets * (aimed + 1), level)
        if volumes is None:
            continue
        work = tuple(v * e.pace[level] for v, e in zip(volumes, exercises, strict=True))
        round_s = sum(work) + n * transition
        expected = tenths_down(work_window / round_s)
        bouts = sets * math.ceil(expected)
        if expected >= INTERVAL_MIN_ROUNDS and all(
            v * bouts <= ceiling for v, ceiling in zip(volumes, ceilings, strict=True)
        ):
            minutes = interval_minutes(sets=sets, work_seconds=work_window, rest_seconds=rest)
            return Sized(
                volumes, minutes, sets, minutes * 60, expected, work, (), work_window, rest
            )
    raise Infeasible("no round fits the interval's window and the session caps")


def _tabata(exercises, ceilings, level, max_minutes) -> Sized:
    """8 x (20 s work, 10 s rest) of one movement, or two alternating: each interval's target
    is what the level's pace fits in 20 s."""
    if max_minutes < TABATA_MINUTES:
        raise Infeasible("a Tabata needs 4 minutes")
    bouts = TABATA_SETS // len(exercises)
    volumes = []
    for e, ceiling in zip(exercises, ceilings, strict=True):
        options = e.options[level]
        target = tabata_reps(e.pace[level])
        if (
            e.measurement not in _COUNTED
            or not options
            or not options[0] <= target <= options[-1]
            or target * bouts > ceiling
        ):
            raise Infeasible(f"{e.name} does not fit a Tabata interval")
        volumes.append(target)
    work = tuple(v * e.pace[level] for v, e in zip(volumes, exercises, strict=True))
    return Sized(
        tuple(volumes),
        TABATA_MINUTES,
        TABATA_SETS,
        TABATA_MINUTES * 60,
        None,
        work,
        (),
        TABATA_WORK_S,
        TABATA_REST_S,
    )


_COUNTED = frozenset({Measurement.REPS, Measurement.CALORIES})


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


_NEXT_LEVEL = {Level.BEGINNER: Level.INTERMEDIATE, Level.INTERMEDIATE: Level.ADVANCED}
_LEVEL_BELOW = {Level.INTERMEDIATE: Level.BEGINNER, Level.ADVANCED: Level.INTERMEDIATE}


def loads(
    e: Prepared, *, level: str, goal: str, factor: float = 1.0, light: bool = False
) -> tuple[float | None, float | None]:
    """(men's, women's) load: scaled for a beginner, Rx for an intermediate, up to 1.1x Rx
    for an advanced athlete by goal; a light day's are the level below's.

    factor: the athlete's progression in the movement's family (`History.load_factors`): the
    loads times it, rounded to the implement's step, never below the scaled load nor above
    the next level's (an advanced athlete's top is MAX_RX_FACTOR x Rx)."""
    if e.load_kg is None or e.load_women_kg is None:
        return None, None
    if light:
        level = _LEVEL_BELOW.get(level, level)
    men, women = _level_loads(e, level=level, goal=goal)
    if factor == 1.0:
        return men, women
    step = e.plate_step_kg
    low_men, low_women = _level_loads(e, level=Level.BEGINNER, goal=goal)
    next_level = _NEXT_LEVEL.get(level)
    if next_level is None:
        high_men = _to_step(e.load_kg * MAX_RX_FACTOR, step, math.floor)
        high_women = _to_step(e.load_women_kg * MAX_RX_FACTOR, step, math.floor)
    else:
        high_men, high_women = _level_loads(e, level=next_level, goal=goal)
    men = min(max(_to_step(men * factor, step, round), low_men), high_men)
    women = min(max(_to_step(women * factor, step, round), low_women), high_women, men)
    return men, women


def _level_loads(e: Prepared, *, level: str, goal: str) -> tuple[float, float]:
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
