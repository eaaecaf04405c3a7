"""The time model: how long work takes an athlete of a level, and what fits each clock.

Work time is the catalogue's pace at the athlete's level (seconds per rep, metre, calorie or
second of a hold) times the volume, plus a transition per movement per round (to the next
station, a breath, chalk): a beginner does less work in the same clock, not the same work
slower.

- For Time: the cap is 1.3 to 1.5 times the expected time, which the WOD stores.
- EMOM: each minute holds 15 to 45 s of work (a beginner at most 35 s), so 15 s or more rest.
- AMRAP: one round takes at most a third of the clock (3+ rounds); the expected rounds are
  stored.
- Descending reps (21-15-9) and chippers are For Time: the same cap, on the work of every
  round as the scheme shrinks it.
- E2MOM: every two minutes, movements alternating; each window holds 30 to 90 s of work (a
  beginner at most 70 s), so 30 s or more rest.
- Intervals: sets of work and rest (5 x (3 min work, 1 min rest)); in each work window the
  athlete repeats the round as often as they can: one round takes at most half the window.
- Tabata: 8 x (20 s work, 10 s rest) of one movement or two alternating; each interval's
  target is the reps the athlete's pace fits in 20 s.
"""

from __future__ import annotations

import math

from coaching.vocabulary import Level, TimeDomain

TRANSITION_S = {Level.BEGINNER: 10.0, Level.INTERMEDIATE: 7.0, Level.ADVANCED: 5.0}

FOR_TIME_CAP_MIN_RATIO = 1.3
FOR_TIME_CAP_MAX_RATIO = 1.5
FOR_TIME_CAP_RATIO = 1.4  # aimed at

EMOM_MIN_WORK_S = 15.0
EMOM_MAX_WORK_S = {Level.BEGINNER: 35.0, Level.INTERMEDIATE: 45.0, Level.ADVANCED: 45.0}
# Aimed at, times the goal's factor and 0.85-1.05: the 45 s ceiling is a limit, not a goal.
EMOM_TARGET_WORK_S = {Level.BEGINNER: 26.0, Level.INTERMEDIATE: 32.0, Level.ADVANCED: 35.0}

AMRAP_MIN_ROUNDS = 3

E2MOM_WINDOW_S = 120
E2MOM_MIN_WORK_S = 30.0
E2MOM_MAX_WORK_S = {Level.BEGINNER: 70.0, Level.INTERMEDIATE: 90.0, Level.ADVANCED: 90.0}
E2MOM_TARGET_WORK_S = {Level.BEGINNER: 50.0, Level.INTERMEDIATE: 60.0, Level.ADVANCED: 70.0}

# A round takes at most half an interval's work window: two rounds or more a set.
INTERVAL_MIN_ROUNDS = 2
INTERVAL_WORK_S = (120, 180, 240)
INTERVAL_REST_S = (60, 90, 120)
INTERVAL_SETS = (3, 4, 5, 6)

TABATA_SETS = 8
TABATA_WORK_S = 20
TABATA_REST_S = 10
TABATA_MINUTES = 4


def time_domain(minutes: int) -> TimeDomain:
    if minutes <= 10:
        return TimeDomain.SHORT
    if minutes <= 20:
        return TimeDomain.MEDIUM
    return TimeDomain.LONG


def round_seconds(work_seconds: float, movements: int, level: str) -> float:
    """One round: its work and a transition per movement."""
    return work_seconds + movements * TRANSITION_S[level]


def for_time_cap(expected_seconds: float) -> int | None:
    """The whole minutes nearest 1.4x the expected time within 1.3x..1.5x, or None when no
    whole minute falls there (expected times under 5 min may miss)."""
    low = math.ceil(expected_seconds * FOR_TIME_CAP_MIN_RATIO / 60)
    high = math.floor(expected_seconds * FOR_TIME_CAP_MAX_RATIO / 60)
    if low > high:
        return None
    aimed = expected_seconds * FOR_TIME_CAP_RATIO / 60
    return min(range(low, high + 1), key=lambda minutes: (abs(minutes - aimed), minutes))


def emom_work_fits(work_seconds: float, level: str) -> bool:
    return EMOM_MIN_WORK_S <= work_seconds <= EMOM_MAX_WORK_S[level]


def e2mom_work_fits(work_seconds: float, level: str) -> bool:
    return E2MOM_MIN_WORK_S <= work_seconds <= E2MOM_MAX_WORK_S[level]


def tabata_reps(pace_s: float) -> int:
    """The reps a 20 s Tabata interval holds at a pace: the target of each interval."""
    return math.floor(TABATA_WORK_S / pace_s + 1e-9)


def interval_minutes(*, sets: int, work_seconds: int, rest_seconds: int) -> int:
    """The clock of intervals: every set's work and rest, the last rest included."""
    return math.ceil(sets * (work_seconds + rest_seconds) / 60)
