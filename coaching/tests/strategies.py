"""Hypothesis strategies for the WOD generator: small random catalogues, athletes and histories.

Catalogues stay small (at most 14 exercises) with few families, patterns and equipment slugs,
so that clashes (a family of yesterday, a cap group shared, a pairing without its partner, an
empty pool) are common rather than rare. Each exercise's coaching data is coherent as the
catalogue's loader demands: paces slowest at beginner, caps growing with level, per-bout caps
within per-session caps, women's and scaled loads at most the men's Rx.
"""

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass

from hypothesis import strategies as st

from coaching.athlete import AthleteProfile
from coaching.catalogue import CatalogueExercise, PerLevel
from coaching.history import History, PastWod
from coaching.vocabulary import (
    BODYWEIGHT,
    CapGroup,
    Goal,
    Level,
    Measurement,
    Modality,
    Pattern,
    Role,
    WodFormat,
)

EQUIPMENT = ("barbell", "dumbbell", "kettlebell", "pull_up_bar", "rower", "box")
FAMILIES = ("run", "row", "squat", "clean", "press", "burpee", "pull", "core")
NAMES = ("Thruster", "Pull-Up", "Rope Climb", "Run", "Row", "Plank", "Push Press", "Burpee")
# Seconds per unit at advanced level, by measurement.
ADVANCED_PACE = {
    Measurement.REPS: (1.5, 15.0),
    Measurement.DISTANCE: (0.15, 1.5),
    Measurement.CALORIES: (2.5, 5.0),
    Measurement.SECONDS: (1.0, 1.0),
}
# The most units of one bout, by measurement.
BOUT_RANGE = {
    Measurement.REPS: (1, 50),
    Measurement.DISTANCE: (10, 1600),
    Measurement.CALORIES: (3, 30),
    Measurement.SECONDS: (10, 120),
}


# The day scenarios generate for, a Monday.
DAY = datetime.date(2026, 3, 2)


def history_of(*wods: Sequence[int], day: datetime.date = DAY) -> History:
    """A history of metcons by their exercise ids, most recent first, one a day before `day`."""
    return History(
        recent=tuple(
            PastWod(
                for_date=day - datetime.timedelta(days=age),
                exercise_ids=tuple(ids),
                format=WodFormat.FOR_TIME,
            )
            for age, ids in enumerate(wods, start=1)
        )
    )


@dataclass(frozen=True)
class Scenario:
    catalogue: tuple[CatalogueExercise, ...]
    profile: AthleteProfile
    history: History
    seed: int

    def rng(self) -> random.Random:
        return random.Random(self.seed)


def _growing(draw: st.DrawFn, lowest: int, highest: int) -> PerLevel[int]:
    beginner = draw(st.integers(lowest, highest))
    intermediate = draw(st.integers(beginner, highest))
    return PerLevel(beginner, intermediate, draw(st.integers(intermediate, highest)))


@st.composite
def catalogue_exercises(draw: st.DrawFn, *, exercise_id: int) -> CatalogueExercise:
    measurement = draw(st.sampled_from(Measurement))
    equipment = draw(st.frozensets(st.sampled_from(EQUIPMENT), max_size=2) | st.just(frozenset()))
    fastest, slowest = ADVANCED_PACE[measurement]
    advanced = draw(st.floats(fastest, slowest))
    intermediate = advanced * draw(st.floats(1.0, 1.4))
    pace = PerLevel(intermediate * draw(st.floats(1.0, 1.5)), intermediate, advanced)
    lowest, highest = BOUT_RANGE[measurement]
    max_per_bout = _growing(draw, lowest, highest)
    min_per_bout = draw(st.integers(lowest, max_per_bout.beginner) | st.integers(lowest, highest))
    beginner_session = draw(st.sampled_from([0, max_per_bout.beginner * draw(st.integers(2, 10))]))
    intermediate_session = max(
        beginner_session, max_per_bout.intermediate * draw(st.integers(2, 10))
    )
    max_per_session = PerLevel(
        beginner_session,
        intermediate_session,
        max(intermediate_session, max_per_bout.advanced * draw(st.integers(2, 10))),
    )
    load = draw(st.none() | st.floats(4, 150))
    women = scaled = None
    if load is not None:
        women = load * draw(st.floats(0.5, 1.0))
        scaled = load * draw(st.floats(0.4, 1.0))
    roles = draw(
        st.sampled_from(
            [frozenset({Role.METCON})] * 4
            + [frozenset({Role.WARM_UP}), frozenset({Role.METCON, Role.STRENGTH})]
        )
    )
    return CatalogueExercise(
        id=exercise_id,
        name=draw(st.sampled_from(NAMES)),
        modality=draw(st.sampled_from(Modality)),
        difficulty=draw(st.integers(1, 2) | st.integers(1, 5)),
        primary_muscle_group="full_body",
        equipment=equipment or frozenset({BODYWEIGHT}),
        measurement=measurement,
        load_kg=load,
        load_women_kg=women,
        load_scaled_kg=scaled,
        roles=roles,
        pattern=draw(st.sampled_from(Pattern)),
        family=draw(st.sampled_from(FAMILIES)),
        pace_s=pace,
        min_per_bout=min_per_bout,
        max_per_bout=max_per_bout,
        max_per_session=max_per_session,
        cap_group=draw(st.sampled_from(["", "", "", *CapGroup])),
        needs=frozenset(),
        pairs_with=draw(st.sampled_from([frozenset()] * 5 + [frozenset({"barbell"})])),
        scaled_substitute_id=None,
        beginner_substitute_id=None,
    )


@st.composite
def catalogues(draw: st.DrawFn, *, max_size: int = 14) -> tuple[CatalogueExercise, ...]:
    ids = draw(st.lists(st.integers(1, 500), min_size=1, max_size=max_size, unique=True))
    return tuple(draw(catalogue_exercises(exercise_id=exercise_id)) for exercise_id in ids)


def profiles(equipment: tuple[str, ...] = EQUIPMENT) -> st.SearchStrategy[AthleteProfile]:
    return st.builds(
        AthleteProfile,
        goal=st.sampled_from(Goal),
        level=st.sampled_from(Level),
        equipment=st.frozensets(st.sampled_from(equipment)),
    )


@st.composite
def histories(draw: st.DrawFn, *, catalogue: tuple[CatalogueExercise, ...]) -> History:
    """Recent WODs, most recent first; ids of exercises no longer in the catalogue included."""
    ids = st.sampled_from([e.id for e in catalogue]) | st.integers(501, 510)
    wods = st.lists(ids, max_size=5, unique=True).map(tuple)
    return history_of(*draw(st.lists(wods, max_size=9)))


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    catalogue = draw(catalogues())
    return Scenario(
        catalogue=catalogue,
        profile=draw(profiles()),
        history=draw(histories(catalogue=catalogue)),
        seed=draw(st.integers(0, 2**32 - 1)),
    )
