"""The words Coach uses for athletes, exercises and WODs, each value and label defined once.

The apps' `TextChoices` (users, exercises, wods) are made from these enums, and the generator
compares against them, so a value is never spelled twice. Each member is a `str` equal to its
value, so a plain string read from the database compares and hashes as the member does.
"""

from enum import StrEnum
from typing import Self


class Term(StrEnum):
    """A value with its human label: ``NAME = "value", "Label"``."""

    label: str

    def __new__(cls, value: str, label: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class Goal(Term):
    WEIGHT_LOSS = "weight_loss", "Weight loss"
    MUSCLE_GAIN = "muscle_gain", "Muscle gain"
    ENDURANCE = "endurance", "Endurance"
    GENERAL_FITNESS = "general_fitness", "General fitness"


class Level(Term):
    BEGINNER = "beginner", "Beginner"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"


class Modality(Term):
    WEIGHTLIFTING = "weightlifting", "Weightlifting"
    GYMNASTICS = "gymnastics", "Gymnastics"
    MONOSTRUCTURAL = "monostructural", "Monostructural"


class Measurement(Term):
    """How a movement is prescribed: reps, metres, calories or seconds of a hold."""

    REPS = "reps", "Repetitions"
    DISTANCE = "distance", "Distance (m)"
    CALORIES = "calories", "Calories"
    SECONDS = "seconds", "Seconds"


class WodFormat(Term):
    FOR_TIME = "for_time", "For Time"
    AMRAP = "amrap", "AMRAP"
    EMOM = "emom", "EMOM"


class TimeDomain(Term):
    SHORT = "short", "Short (≤ 10 min)"
    MEDIUM = "medium", "Medium (10-20 min)"
    LONG = "long", "Long (> 20 min)"


# Equipment is data (the catalogue's JSON, the admin); these are the slugs the code relies on.
# Bodyweight is always allowed, whether an athlete lists it or not.
BODYWEIGHT = "bodyweight"
BARBELL = "barbell"
DUMBBELL = "dumbbell"
KETTLEBELL = "kettlebell"
MEDICINE_BALL = "medicine_ball"
