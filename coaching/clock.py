"""The time model: how long work takes an athlete of a level, and what fits each clock.

Work time is the catalogue's pace at the athlete's level (seconds per rep, metre, calorie or
second of a hold) times the volume, plus a transition per movement per round (to the next
station, a breath, chalk): a beginner does less work in the same clock, not the same work
slower.

- For Time: the cap is 1.3 to 1.5 times the expected time, which the WOD stores.
- EMOM: each minute holds 15 to 45 s of work (a beginner at most 35 s), so 15 s or more rest.
- AMRAP: one round takes at most a third of the clock (3+ rounds); the expected rounds are
  stored.
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
