"""What kind of day it is for the athlete: a rest day, how hard, and whether a benchmark is
due. Decided before anything is drawn, from the calendar, the profile and the history."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from coaching.athlete import AthleteProfile
from coaching.history import History
from coaching.vocabulary import Intensity


@dataclass(frozen=True, slots=True)
class DayPlan:
    rest: bool  # a rest day's session: active recovery and a cool-down, no metcon
    intensity: Intensity  # RECOVERY exactly when `rest`
    benchmark: str  # the slug of the benchmark to program today, or ""
    reason: str  # why the day is light or a rest, for the stimulus line; "" when it needs none


def plan_day(
    *, profile: AthleteProfile, history: History, day: datetime.date, requested: bool
) -> DayPlan:
    """Every day is a moderate training day, until the week is planned."""
    return DayPlan(rest=False, intensity=Intensity.MODERATE, benchmark="", reason="")
