"""A generated WOD, as plain data: what the service stores and the audit reads."""

from __future__ import annotations

import math
from dataclasses import dataclass

from coaching.vocabulary import TimeDomain, WodFormat


@dataclass(frozen=True, slots=True)
class Movement:
    exercise_id: int
    exercise_name: str
    order: int  # 1-based
    reps: int | None
    distance_m: int | None
    calories: int | None
    seconds: int | None
    load_kg: float | None  # men's load
    load_women_kg: float | None  # women's load; None exactly when load_kg is None

    @property
    def volume(self) -> int:
        """The units of one bout, whatever the measurement."""
        for amount in (self.reps, self.distance_m, self.calories, self.seconds):
            if amount is not None:
                return amount
        raise ValueError("a movement has one amount")


@dataclass(frozen=True, slots=True)
class GeneratedWod:
    format: WodFormat
    time_domain: TimeDomain  # of `minutes`: short <= 10, medium <= 20, long
    minutes: int  # AMRAP/EMOM duration; For Time: the time cap
    rounds: int | None  # For Time only
    description: str
    movements: tuple[Movement, ...]
    generator_version: int
    stimulus: str  # the intended stimulus, in a sentence
    expected_seconds: int  # For Time: expected time at the athlete's level; else the clock
    expected_rounds: float | None  # AMRAP only: rounds expected at the athlete's level

    @property
    def bouts(self) -> int:
        """How many times each movement is done: For Time's rounds, an AMRAP's expected rounds
        rounded up, an EMOM's minutes per movement."""
        if self.format == WodFormat.FOR_TIME:
            return self.rounds or 1
        if self.format == WodFormat.AMRAP:
            return math.ceil(self.expected_rounds or 0)
        return self.minutes // len(self.movements)
