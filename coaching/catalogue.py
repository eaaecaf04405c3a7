"""The catalogue as the coaching engine reads it: each exercise with its coaching data.

Plain, frozen data with no Django in it. `wods.selectors.wod_catalogue` maps the ORM rows
(`exercises.Exercise`) onto these types; the generator, the season viewer and the audit read
nothing else. Units follow the exercise's measurement: a rep, a metre, a calorie, or a second
of a hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from coaching.vocabulary import Level

N = TypeVar("N", int, float)


@dataclass(frozen=True, slots=True)
class PerLevel(Generic[N]):
    beginner: N
    intermediate: N
    advanced: N

    def at(self, level: str) -> N:
        return getattr(self, Level(level).value)


@dataclass(frozen=True, slots=True)
class CatalogueExercise:
    id: int
    name: str
    modality: str  # a Modality
    difficulty: int  # 1..5
    primary_muscle_group: str
    equipment: frozenset[str]  # slugs; BODYWEIGHT alone when it needs nothing
    measurement: str  # a Measurement
    load_kg: float | None  # men's Rx; None = takes no load
    load_women_kg: float | None  # women's Rx; None exactly when load_kg is None
    load_scaled_kg: float | None  # scaled (men's); None exactly when load_kg is None
    roles: frozenset[str]  # Role values, at least one
    pattern: str  # a Pattern
    family: str  # slug shared by close variants (run, sprint, shuttle run: "run")
    pace_s: PerLevel[float]  # seconds per unit at each level (beginner slowest)
    min_per_bout: int  # units: the least a bout is worth prescribing (e.g. 200 m of rowing)
    max_per_bout: PerLevel[int]  # units a level does in one bout (unbroken set, one effort)
    max_per_session: PerLevel[int]  # units a level does in one session; 0 = not at that level
    cap_group: str  # a CapGroup, or "" for none
    needs: frozenset[str]  # Need values
    pairs_with: frozenset[str]  # equipment slugs one of which another movement must use
    scaled_substitute_id: int | None  # what a scaled athlete does instead
    beginner_substitute_id: int | None  # what a beginner does instead
