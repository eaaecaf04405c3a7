"""The athlete as the engine sees them, and what their level and equipment allow."""

from __future__ import annotations

from dataclasses import dataclass

from coaching.vocabulary import BARBELL, DUMBBELL, KETTLEBELL, Level


@dataclass(frozen=True, slots=True)
class AthleteProfile:
    goal: str  # a Goal
    level: str  # a Level
    equipment: frozenset[str]  # BODYWEIGHT is always allowed, listed or not


# The hardest exercise (catalogue difficulty 1..5) a level is given.
DIFFICULTY_CAP = {Level.BEGINNER: 2, Level.INTERMEDIATE: 4, Level.ADVANCED: 5}

# The equipment an athlete buys to train with: owning it, they see it in
# KEY_EQUIPMENT_PER_WEEK of any KEY_EQUIPMENT_WEEK consecutive WODs.
KEY_EQUIPMENT = (BARBELL, DUMBBELL, KETTLEBELL, "rower", "air_bike", "ski_erg")
KEY_EQUIPMENT_PER_WEEK = 2
KEY_EQUIPMENT_WEEK = 7
