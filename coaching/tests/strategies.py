"""Hypothesis strategies for the WOD generator: small random catalogues, athletes and histories.

Catalogues stay small (at most 10 exercises) so tests can check by brute force over every
possible selection whether a better WOD existed. Few muscle groups and few equipment slugs make
clashes, empty pools and fallbacks common rather than rare.
"""

import random
from dataclasses import dataclass

from hypothesis import strategies as st

from coaching.generator import AthleteProfile, CatalogueExercise
from coaching.vocabulary import BODYWEIGHT, Goal, Level, Measurement, Modality

MUSCLE_GROUPS = ("quadriceps", "hamstrings", "lats", "core", "shoulders")
EQUIPMENT = ("barbell", "dumbbell", "kettlebell", "pull_up_bar", "rower", "medicine_ball")
NAMES = (
    "Thruster",
    "Pull-Up",
    "Rope Climb",
    "Toes-to-Bar",
    "Box Jump",
    "Run",
    "Row",
    "Plank",
    "Push Press",
    "GHD Sit-Up",
    "Farmer Carry",
    "Wall Ball",
    "Squat Snatch",
    "Burpee",
)


@dataclass(frozen=True)
class Scenario:
    catalogue: tuple[CatalogueExercise, ...]
    profile: AthleteProfile
    history: tuple[tuple[int, ...], ...]
    seed: int

    def rng(self) -> random.Random:
        return random.Random(self.seed)


@st.composite
def catalogue_exercises(draw: st.DrawFn, *, exercise_id: int) -> CatalogueExercise:
    equipment = draw(st.frozensets(st.sampled_from(EQUIPMENT), max_size=2))
    return CatalogueExercise(
        id=exercise_id,
        name=draw(st.sampled_from(NAMES)),
        modality=draw(st.sampled_from(Modality)),
        difficulty=draw(st.integers(min_value=1, max_value=5)),
        primary_muscle_group=draw(st.sampled_from(MUSCLE_GROUPS)),
        equipment=equipment or frozenset({BODYWEIGHT}),
        measurement=draw(st.sampled_from(Measurement)),
        load_kg=draw(st.none() | st.floats(min_value=2, max_value=150)),
    )


@st.composite
def catalogues(draw: st.DrawFn, *, max_size: int = 10) -> tuple[CatalogueExercise, ...]:
    ids = draw(
        st.lists(
            st.integers(min_value=1, max_value=500), min_size=1, max_size=max_size, unique=True
        )
    )
    return tuple(draw(catalogue_exercises(exercise_id=exercise_id)) for exercise_id in ids)


def profiles() -> st.SearchStrategy[AthleteProfile]:
    return st.builds(
        AthleteProfile,
        goal=st.sampled_from(Goal),
        level=st.sampled_from(Level),
        equipment=st.frozensets(st.sampled_from(EQUIPMENT)),
    )


@st.composite
def histories(
    draw: st.DrawFn, *, catalogue: tuple[CatalogueExercise, ...]
) -> tuple[tuple[int, ...], ...]:
    """Recent WODs, most recent first; ids of exercises no longer in the catalogue included."""
    ids = st.sampled_from([e.id for e in catalogue]) | st.integers(min_value=501, max_value=510)
    wods = st.lists(ids, max_size=6, unique=True).map(tuple)
    return tuple(draw(st.lists(wods, max_size=9)))


@st.composite
def scenarios(draw: st.DrawFn, *, max_catalogue_size: int = 10) -> Scenario:
    catalogue = draw(catalogues(max_size=max_catalogue_size))
    return Scenario(
        catalogue=catalogue,
        profile=draw(profiles()),
        history=draw(histories(catalogue=catalogue)),
        seed=draw(st.integers(min_value=0, max_value=2**32 - 1)),
    )
