"""The athlete as the engine sees them, and what their level and equipment allow."""

from __future__ import annotations

from dataclasses import dataclass

from coaching.vocabulary import BARBELL, DUMBBELL, KETTLEBELL, Level, Need

# What an athlete with every kind of space can do: the default.
ALL_NEEDS = frozenset(Need)


@dataclass(frozen=True, slots=True)
class AthleteProfile:
    goal: str  # a Goal
    level: str  # a Level
    equipment: frozenset[str]  # BODYWEIGHT is always allowed, listed or not
    session_minutes: int = 60  # the whole session, warm-up to cool-down: 20..120
    training_days_per_week: int = 5  # 3..6; the other days are rest days
    space: frozenset[str] = ALL_NEEDS  # the Needs the athlete's space meets (`needs_met`)


def needs_met(*, has_wall: bool, has_open_space: bool) -> frozenset[str]:
    """The Needs an athlete's space meets: a wall gives wall work and a target (a wall-ball
    line is drawn on a wall), open space gives a lane to run, shuttle and carry in."""
    met: set[str] = set()
    if has_wall:
        met |= {Need.WALL, Need.TARGET}
    if has_open_space:
        met.add(Need.LANE)
    return frozenset(met)


# The hardest exercise (catalogue difficulty 1..5) a level is given.
DIFFICULTY_CAP = {Level.BEGINNER: 2, Level.INTERMEDIATE: 4, Level.ADVANCED: 5}

# The equipment an athlete buys to train with: owning it, they see it in
# KEY_EQUIPMENT_PER_WEEK of any KEY_EQUIPMENT_WEEK consecutive days. The conditioning
# machines stand in for one another: owning several, one of them is due, not each (three
# machines twice a week each would take every monostructural slot of a 5-day week).
KEY_EQUIPMENT = (BARBELL, DUMBBELL, KETTLEBELL, "rower", "air_bike", "ski_erg")
MACHINES = frozenset({"rower", "air_bike", "ski_erg"})
MACHINE = "machine"
KEY_EQUIPMENT_PER_WEEK = 2
# An athlete training 3 days a week sees each piece once a week: twice would make every one
# of their metcons a list of their equipment.
KEY_EQUIPMENT_FEWEST_DAYS = 4
KEY_EQUIPMENT_WEEK = 7


def key_uses(training_days_per_week: int) -> int:
    """How many of any KEY_EQUIPMENT_WEEK consecutive days use each piece of key equipment."""
    if training_days_per_week >= KEY_EQUIPMENT_FEWEST_DAYS:
        return KEY_EQUIPMENT_PER_WEEK
    return 1


def key_of(slug: str) -> str:
    """The key an equipment slug counts for in the week: MACHINE for every machine."""
    return MACHINE if slug in MACHINES else slug


def owned_keys(equipment: frozenset[str]) -> tuple[str, ...]:
    """The keys of the athlete's key equipment, in KEY_EQUIPMENT order."""
    return tuple(dict.fromkeys(key_of(slug) for slug in KEY_EQUIPMENT if slug in equipment))
