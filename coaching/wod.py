"""A generated session, as plain data: what the service stores and the audit reads.

A session is its parts in order (`Part`); the metcon's own fields stay on `GeneratedWod`
(format, clock, rounds, score type, expected time, stimulus, `movements`), as the WOD's
top-level fields always described the metcon. A rest day has no metcon: its `format` is
`REST`, its `movements` are empty and its parts are a recovery part and a cool-down.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from coaching.vocabulary import (
    Intensity,
    Measurement,
    PartKind,
    ScoreType,
    TimeDomain,
    WodFormat,
)


@dataclass(frozen=True, slots=True)
class Movement:
    exercise_id: int
    exercise_name: str
    order: int  # 1-based, within its part
    reps: int | None
    distance_m: int | None
    calories: int | None
    seconds: int | None
    load_kg: float | None  # men's load
    load_women_kg: float | None  # women's load; None exactly when load_kg is None
    sets: int | None = None  # strength and skill blocks: 5 (x 5 reps); None in a metcon
    note: str = ""  # how to load or perform it in a sentence fragment: "at RPE 7"

    @classmethod
    def of(
        cls,
        *,
        exercise_id: int,
        exercise_name: str,
        order: int,
        measurement: str,
        amount: int,
        load_kg: float | None = None,
        load_women_kg: float | None = None,
        sets: int | None = None,
        note: str = "",
    ) -> Movement:
        """`amount` units of `measurement` (a Measurement: reps, metres, calories or seconds)."""
        return cls(
            exercise_id=exercise_id,
            exercise_name=exercise_name,
            order=order,
            reps=amount if measurement == Measurement.REPS else None,
            distance_m=amount if measurement == Measurement.DISTANCE else None,
            calories=amount if measurement == Measurement.CALORIES else None,
            seconds=amount if measurement == Measurement.SECONDS else None,
            load_kg=load_kg,
            load_women_kg=load_women_kg,
            sets=sets,
            note=note,
        )

    @property
    def volume(self) -> int:
        """The units of one bout, whatever the measurement."""
        for amount in (self.reps, self.distance_m, self.calories, self.seconds):
            if amount is not None:
                return amount
        raise ValueError("a movement has one amount")


@dataclass(frozen=True, slots=True)
class Part:
    kind: PartKind
    minutes: int  # on the clock, transitions included
    description: str  # one line
    movements: tuple[Movement, ...]  # the metcon part's are GeneratedWod.movements


@dataclass(frozen=True, slots=True)
class GeneratedWod:
    format: WodFormat
    time_domain: TimeDomain  # of `minutes`: short <= 10, medium <= 20, long
    minutes: int  # the metcon's clock: AMRAP/EMOM/intervals length, For Time cap; rest: 0
    rounds: int | None  # For Time rounds, the descending scheme's length, interval sets
    description: str  # the metcon as a coach writes it; a rest day's begins "Rest day:"
    movements: tuple[Movement, ...]  # the metcon's; empty on a rest day
    generator_version: int
    stimulus: str  # the intended stimulus, in a sentence
    expected_seconds: int  # For Time: expected time at the athlete's level; else the clock
    expected_rounds: float | None  # AMRAP only: rounds expected at the athlete's level
    parts: tuple[Part, ...]  # in session order, the metcon part among them (not on rest)
    score_type: ScoreType | None  # None only on a rest day
    intensity: Intensity
    benchmark: str = ""  # the slug of the named benchmark this metcon is, or ""
    rep_scheme: tuple[int, ...] = ()  # DESCENDING: units per round (21, 15, 9), else ()
    work_seconds: int | None = None  # INTERVALS and TABATA: work of one set
    rest_seconds: int | None = None  # INTERVALS and TABATA: rest after each set

    @property
    def session_minutes(self) -> int:
        return sum(part.minutes for part in self.parts)

    @property
    def bouts(self) -> int:
        """How many times each movement is done: For Time's rounds, a descending scheme's
        rounds, a chipper's one, an AMRAP's expected rounds rounded up, an EMOM's minutes per
        movement, an E2MOM's two-minute windows per movement, the interval sets times the
        rounds expected in a set, a Tabata's eight intervals shared by its movements; none on a
        rest day."""
        if self.format == WodFormat.REST or not self.movements:
            return 0
        if self.format in (WodFormat.FOR_TIME, WodFormat.DESCENDING, WodFormat.CHIPPER):
            return self.rounds or 1
        if self.format == WodFormat.AMRAP:
            return math.ceil(self.expected_rounds or 0)
        if self.format == WodFormat.INTERVALS:
            return (self.rounds or 0) * math.ceil(self.expected_rounds or 0)
        if self.format == WodFormat.TABATA:
            return (self.rounds or 0) // len(self.movements)
        if self.format == WodFormat.E2MOM:
            return self.minutes // (2 * len(self.movements))
        return self.minutes // len(self.movements)

    def bout_volumes(self, movement: Movement) -> tuple[int, ...]:
        """The units of each bout of one of the metcon's movements: a descending scheme's
        rounds shrink with it (21-15-9), every other format repeats the movement's amount."""
        if self.format == WodFormat.DESCENDING and self.rep_scheme:
            return scheme_amounts(movement.volume, self.rep_scheme)
        return (movement.volume,) * self.bouts

    def session_volume(self, movement: Movement) -> int:
        """The units of one of the metcon's movements over the whole metcon."""
        return sum(self.bout_volumes(movement))


def scheme_amounts(first: int, scheme: tuple[int, ...]) -> tuple[int, ...]:
    """A movement's amount in each round of a descending scheme, from its first round's:
    21 thrusters in 21-15-9 are 21, 15, 9; 50 double-unders in 21-15-9 are 50, 36, 21."""
    return tuple(max(1, math.floor(first * reps / scheme[0] + 0.5)) for reps in scheme)
