"""How each goal leans: formats, time domains, modalities and the size of a minute's work."""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Generic, TypeVar

from coaching.vocabulary import Goal, Modality, TimeDomain, WodFormat

T = TypeVar("T")


class WeightedTable(Generic[T]):
    """Weighted random choice over a fixed table, cheaper than ``Random.choices`` per draw."""

    __slots__ = ("_cumulative", "_total", "_values")

    def __init__(self, weights: dict[T, float]) -> None:
        self._values = tuple(weights)
        self._cumulative = tuple(accumulate(weights.values()))
        self._total = self._cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        index = bisect_right(self._cumulative, rng.random() * self._total)
        # rng.random() * total can round up to total itself.
        return self._values[min(index, len(self._values) - 1)]


@dataclass(frozen=True, slots=True)
class GoalStyle:
    formats: WeightedTable[WodFormat]
    time_domains: WeightedTable[TimeDomain]
    modality_weights: dict[str, float]
    lead_modality: str | None  # appears in the WOD when it can
    emom_work_factor: float  # times the level's target work in an EMOM minute
    loaded_share: float  # a loaded movement's share of a round, against 1 for the others


GOAL_STYLES = {
    Goal.GENERAL_FITNESS: GoalStyle(
        formats=WeightedTable(
            {
                WodFormat.FOR_TIME: 1.0,
                WodFormat.DESCENDING: 0.6,
                WodFormat.CHIPPER: 0.3,
                WodFormat.AMRAP: 1.0,
                WodFormat.EMOM: 0.7,
                WodFormat.E2MOM: 0.4,
                WodFormat.INTERVALS: 0.4,
                WodFormat.TABATA: 0.3,
            }
        ),
        time_domains=WeightedTable(
            {TimeDomain.SHORT: 0.3, TimeDomain.MEDIUM: 0.45, TimeDomain.LONG: 0.25}
        ),
        modality_weights={
            Modality.WEIGHTLIFTING: 1.0,
            Modality.GYMNASTICS: 1.0,
            Modality.MONOSTRUCTURAL: 1.0,
        },
        lead_modality=None,
        emom_work_factor=1.0,
        loaded_share=1.0,
    ),
    Goal.ENDURANCE: GoalStyle(
        formats=WeightedTable(
            {
                WodFormat.FOR_TIME: 0.5,
                WodFormat.DESCENDING: 0.2,
                WodFormat.CHIPPER: 0.5,
                WodFormat.AMRAP: 0.6,
                WodFormat.EMOM: 0.15,
                WodFormat.E2MOM: 0.1,
                WodFormat.INTERVALS: 0.7,
                WodFormat.TABATA: 0.1,
            }
        ),
        time_domains=WeightedTable(
            {TimeDomain.SHORT: 0.05, TimeDomain.MEDIUM: 0.3, TimeDomain.LONG: 0.65}
        ),
        modality_weights={
            Modality.WEIGHTLIFTING: 0.7,
            Modality.GYMNASTICS: 1.0,
            Modality.MONOSTRUCTURAL: 3.0,
        },
        lead_modality=Modality.MONOSTRUCTURAL,
        emom_work_factor=1.05,
        loaded_share=0.8,
    ),
    Goal.MUSCLE_GAIN: GoalStyle(
        # EMOMs suit heavy sets with built-in rest.
        formats=WeightedTable(
            {
                WodFormat.FOR_TIME: 0.3,
                WodFormat.DESCENDING: 0.4,
                WodFormat.CHIPPER: 0.1,
                WodFormat.AMRAP: 0.25,
                WodFormat.EMOM: 0.45,
                WodFormat.E2MOM: 0.4,
                WodFormat.INTERVALS: 0.1,
                WodFormat.TABATA: 0.1,
            }
        ),
        time_domains=WeightedTable(
            {TimeDomain.SHORT: 0.45, TimeDomain.MEDIUM: 0.45, TimeDomain.LONG: 0.1}
        ),
        modality_weights={
            Modality.WEIGHTLIFTING: 3.0,
            Modality.GYMNASTICS: 1.5,
            Modality.MONOSTRUCTURAL: 0.5,
        },
        lead_modality=Modality.WEIGHTLIFTING,
        emom_work_factor=0.85,
        loaded_share=1.0,
    ),
    Goal.WEIGHT_LOSS: GoalStyle(
        formats=WeightedTable(
            {
                WodFormat.FOR_TIME: 0.35,
                WodFormat.DESCENDING: 0.3,
                WodFormat.CHIPPER: 0.25,
                WodFormat.AMRAP: 0.4,
                WodFormat.EMOM: 0.25,
                WodFormat.E2MOM: 0.15,
                WodFormat.INTERVALS: 0.4,
                WodFormat.TABATA: 0.3,
            }
        ),
        time_domains=WeightedTable(
            {TimeDomain.SHORT: 0.15, TimeDomain.MEDIUM: 0.5, TimeDomain.LONG: 0.35}
        ),
        modality_weights={
            Modality.WEIGHTLIFTING: 1.0,
            Modality.GYMNASTICS: 1.0,
            Modality.MONOSTRUCTURAL: 1.5,
        },
        lead_modality=None,
        emom_work_factor=1.0,
        loaded_share=0.9,
    ),
}

MOVEMENT_COUNTS = {
    WodFormat.FOR_TIME: WeightedTable({2: 3.0, 3: 4.0, 4: 2.0, 5: 0.5}),
    WodFormat.AMRAP: WeightedTable({2: 2.0, 3: 4.0, 4: 2.5, 5: 0.5}),
    WodFormat.EMOM: WeightedTable({2: 3.0, 3: 3.0, 4: 2.0, 5: 0.5}),
    WodFormat.DESCENDING: WeightedTable({2: 3.0, 3: 2.0}),
    WodFormat.CHIPPER: WeightedTable({4: 1.0, 5: 2.0, 6: 1.5}),
    WodFormat.E2MOM: WeightedTable({2: 3.0, 3: 1.0, 4: 1.0}),
    WodFormat.INTERVALS: WeightedTable({2: 3.0, 3: 2.0}),
    WodFormat.TABATA: WeightedTable({2: 1.0}),
}
# The formats of a metcon's movements' own amounts: a descending scheme and a Tabata prescribe
# reps (or calories), never metres or seconds of a hold.
COUNTED_FORMATS = frozenset({WodFormat.DESCENDING, WodFormat.TABATA})
# Chippers go through many movements once each; fewer is a For Time.
CHIPPER_MIN_MOVEMENTS = 4

# For Time caps by time domain; the work is sized to 1/1.4 of the cap, and the cap then fitted
# to the work as rounded.
FOR_TIME_CAPS = {
    TimeDomain.SHORT: (8, 9, 10),
    TimeDomain.MEDIUM: (12, 14, 15, 16, 18, 20),
    TimeDomain.LONG: (24, 25, 28, 30, 35),
}
# For Time rounds by movement count: couplets go many rounds, chippers few.
FOR_TIME_ROUNDS = {
    1: WeightedTable({1: 1.0}),
    2: WeightedTable({3: 1.0, 4: 1.0, 5: 3.0, 6: 1.0, 7: 1.0, 8: 0.5, 10: 0.5}),
    3: WeightedTable({3: 2.0, 4: 2.0, 5: 3.0, 6: 0.5}),
    4: WeightedTable({2: 1.0, 3: 3.0, 4: 2.0}),
    5: WeightedTable({1: 1.0, 2: 2.0, 3: 2.0}),
}
AMRAP_MINUTES = {
    TimeDomain.SHORT: (6, 7, 8, 9, 10),
    TimeDomain.MEDIUM: (12, 14, 15, 16, 18, 20),
    TimeDomain.LONG: (24, 25, 30),
}
# Rounds an AMRAP aims at, by time domain.
AMRAP_ROUNDS = {
    TimeDomain.SHORT: (4, 5, 6),
    TimeDomain.MEDIUM: (5, 6, 7, 8),
    TimeDomain.LONG: (6, 7, 8, 9, 10),
}
# EMOM minute i does movement i mod n, so the clock runs a whole number of cycles.
EMOM_MINUTES = {
    TimeDomain.SHORT: (6, 8, 9, 10),
    TimeDomain.MEDIUM: (12, 14, 15, 16, 18, 20),
    TimeDomain.LONG: (24, 25, 28, 30),
}
E2MOM_MINUTES = {
    TimeDomain.SHORT: (8, 10),
    TimeDomain.MEDIUM: (12, 14, 16, 18, 20),
    TimeDomain.LONG: (24, 28, 30),
}
# The classic descending schemes, and the first round's amount as a multiple of the scheme's
# (50 double-unders in a 21-15-9, 10 burpees in a 50-40-30-20-10).
DESCENDING_SCHEMES = (
    (21, 15, 9),
    (15, 12, 9),
    (12, 9, 6),
    (50, 40, 30, 20, 10),
    (10, 9, 8, 7, 6, 5, 4, 3, 2, 1),
)
DESCENDING_MULTIPLIERS = (0.2, 0.4, 0.5, 1.0, 2.0)
CHIPPER_CAPS = {
    TimeDomain.SHORT: (12, 14, 15),
    TimeDomain.MEDIUM: (15, 18, 20),
    TimeDomain.LONG: (24, 25, 28, 30),
}
