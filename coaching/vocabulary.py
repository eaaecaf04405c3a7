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
    """The metcon's format; a rest day's session is `REST` (it has no metcon)."""

    FOR_TIME = "for_time", "For Time"
    DESCENDING = "descending", "Descending reps (21-15-9)"
    CHIPPER = "chipper", "Chipper"
    AMRAP = "amrap", "AMRAP"
    EMOM = "emom", "EMOM"
    E2MOM = "e2mom", "E2MOM (alternating, every 2 minutes)"
    INTERVALS = "intervals", "Intervals"
    TABATA = "tabata", "Tabata"
    REST = "rest", "Rest day"


class ScoreType(Term):
    """What a metcon's result measures."""

    TIME = "time", "Time (or reps at the cap)"
    ROUNDS_REPS = "rounds_reps", "Rounds and reps"
    LOAD = "load", "Load"
    REPS = "reps", "Reps"
    CALORIES = "calories", "Calories"


class PartKind(Term):
    """The parts of a session, in the order they come. A training day has a warm-up, a metcon
    and a cool-down, with a strength or skill block before the metcon when it applies; a rest
    day has an easy recovery part and a cool-down."""

    WARM_UP = "warm_up", "Warm-up"
    STRENGTH = "strength", "Strength"
    SKILL = "skill", "Skill"
    METCON = "metcon", "Metcon"
    RECOVERY = "recovery", "Active recovery"
    COOL_DOWN = "cool_down", "Cool-down"


class Intensity(Term):
    """How hard a session is meant to be; heavy and light days alternate through a week."""

    HEAVY = "heavy", "Heavy"
    MODERATE = "moderate", "Moderate"
    LIGHT = "light", "Light"
    RECOVERY = "recovery", "Rest / active recovery"


class RxCategory(Term):
    """Which Rx column an athlete sees first; unspecified shows women's and men's."""

    UNSPECIFIED = "unspecified", "Both (women / men)"
    WOMEN = "women", "Women"
    MEN = "men", "Men"


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


class Role(Term):
    """Where in a session an exercise belongs; warm-up drills are never metcon work."""

    METCON = "metcon", "Metcon"
    WARM_UP = "warm_up", "Warm-up"
    COOL_DOWN = "cool_down", "Cool-down / mobility"
    STRENGTH = "strength", "Strength"
    SKILL = "skill", "Skill"


class Pattern(Term):
    SQUAT = "squat", "Squat"
    HINGE = "hinge", "Hinge"
    HORIZONTAL_PUSH = "horizontal_push", "Horizontal push"
    VERTICAL_PUSH = "vertical_push", "Vertical push"
    HORIZONTAL_PULL = "horizontal_pull", "Horizontal pull"
    VERTICAL_PULL = "vertical_pull", "Vertical pull"
    CORE = "core", "Core / midline"
    MONOSTRUCTURAL = "monostructural", "Monostructural"
    CARRY = "carry", "Carry"
    FULL_BODY = "full_body", "Full body / Olympic"


class CapGroup(Term):
    """Movements whose volume a coach caps together across a session, whatever the variant."""

    HEAVY_BARBELL = "heavy_barbell", "Heavy barbell"
    OLYMPIC = "olympic", "Olympic lift"
    SLOW_SKILL = "slow_skill", "Slow skill (get-ups, rope climbs, wall walks)"
    MUSCLE_UP = "muscle_up", "Muscle-up"
    HANDSTAND = "handstand", "Handstand push-up"
    BURPEE = "burpee", "Burpee"
    JUMP = "jump", "Jump"


class Need(Term):
    """What a movement needs besides equipment."""

    WALL = "wall", "A wall"
    TARGET = "target", "A target (wall-ball line, jump-rope clearance)"
    LANE = "lane", "A clear lane (running, shuttles, carries)"
