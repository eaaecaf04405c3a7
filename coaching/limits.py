"""Volume and load ceilings a coach holds every WOD to, beside each exercise's own caps.

Per exercise the catalogue gives `min_per_bout`, `max_per_bout` and `max_per_session` at each
level (0: never at that level). Across a session, the movements of some cap groups share a
ceiling (`CAP_GROUP_CEILINGS`, units at each level, inclusive). Loads: a beginner lifts the scaled
load, an intermediate the Rx load, an advanced athlete up to `MAX_RX_FACTOR` x Rx.
"""

from __future__ import annotations

from coaching.catalogue import PerLevel
from coaching.vocabulary import (
    BARBELL,
    DUMBBELL,
    KETTLEBELL,
    MEDICINE_BALL,
    CapGroup,
    Goal,
    Measurement,
)

# Each ceiling caps the units of all the movements of its cap groups in one session.
CAP_GROUP_CEILINGS: tuple[tuple[frozenset[str], PerLevel[int]], ...] = (
    # Beginners well under 50 heavy barbell reps, others under 100, Olympic lifts included.
    (frozenset({CapGroup.HEAVY_BARBELL, CapGroup.OLYMPIC}), PerLevel(49, 99, 99)),
    (frozenset({CapGroup.OLYMPIC}), PerLevel(20, 50, 75)),
    (frozenset({CapGroup.SLOW_SKILL}), PerLevel(10, 15, 20)),
    (frozenset({CapGroup.MUSCLE_UP}), PerLevel(0, 15, 30)),
    (frozenset({CapGroup.HANDSTAND}), PerLevel(20, 40, 60)),
    (frozenset({CapGroup.BURPEE}), PerLevel(50, 80, 100)),
    (frozenset({CapGroup.JUMP}), PerLevel(60, 100, 120)),
)

# The volumes a coach writes, per measurement; a bout takes one of them within the
# exercise's bout limits.
VOLUME_OPTIONS = {
    Measurement.REPS: (
        *range(1, 11),
        *(12, 14, 15, 16, 18, 20, 21, 24, 25, 30, 35, 40, 45, 50, 60, 75, 100),
    ),
    Measurement.DISTANCE: (
        *(5, 10, 15, 20, 25, 30, 40, 50, 60, 75, 100, 150, 200, 250, 300, 400, 500, 600),
        *(800, 1000, 1200, 1500, 1600, 2000, 2400, 3000, 4000, 5000),
    ),
    Measurement.CALORIES: (
        *range(3, 11),
        *(12, 14, 15, 16, 18, 20, 21, 24, 25, 30, 35, 40, 50, 60),
    ),
    Measurement.SECONDS: (10, 15, 20, 30, 40, 45, 60, 90, 120, 180),
}

# A descending round or a chipper's amount is broken into sets as the athlete needs: at most
# this many of the level's unbroken sets (21 pull-ups for an intermediate whose set is 12).
MOST_SETS_PER_AMOUNT = 3

MAX_RX_FACTOR = 1.15
# What an advanced athlete lifts, times Rx, by goal (intermediate: Rx; beginner: scaled).
ADVANCED_LOAD_FACTOR = {
    Goal.MUSCLE_GAIN: 1.1,
    Goal.GENERAL_FITNESS: 1.05,
    Goal.WEIGHT_LOSS: 1.0,
    Goal.ENDURANCE: 1.0,
}
# The first implement an exercise uses sets the step its loads are rounded to.
PLATE_STEPS = ((BARBELL, 2.5), (DUMBBELL, 2.5), (KETTLEBELL, 4.0), (MEDICINE_BALL, 1.0))
DEFAULT_PLATE_STEP = 2.5
