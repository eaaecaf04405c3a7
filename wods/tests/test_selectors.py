"""Reads the consumer relies on: each athlete's recent WODs."""

import datetime

import pytest

from coaching.catalogue import CatalogueExercise, PerLevel
from coaching.generator import RECENT_WODS_CONSIDERED
from exercises.models import Exercise
from wods.models import Wod
from wods.selectors import wod_catalogue, wod_recent_exercise_ids
from wods.tests.factories import make_wod

pytestmark = pytest.mark.django_db


def movements(wod: Wod) -> list[int]:
    return list(wod.movements.order_by("order").values_list("exercise_id", flat=True))


def test_the_history_holds_the_wods_the_generator_considers_most_recent_first(user, catalogue):
    first_day = datetime.date(2026, 11, 1)
    wods = [
        make_wod(user=user, for_date=first_day + datetime.timedelta(days=day))
        for day in range(RECENT_WODS_CONSIDERED + 2)
    ]

    history = wod_recent_exercise_ids(user_ids=[user.pk])

    newest_first = [movements(wod) for wod in reversed(wods)]
    assert history == {user.pk: newest_first[:RECENT_WODS_CONSIDERED]}


def test_of_two_wods_on_one_day_the_later_is_the_more_recent_and_athletes_stay_apart(
    user, other_user, catalogue
):
    day = datetime.date(2026, 12, 1)
    earlier, later = make_wod(user=user, for_date=day), make_wod(user=user, for_date=day)
    theirs = make_wod(user=other_user, for_date=day)

    history = wod_recent_exercise_ids(user_ids=[user.pk, other_user.pk])

    assert history == {
        user.pk: [movements(later), movements(earlier)],
        other_user.pk: [movements(theirs)],
    }


def test_an_athlete_without_wods_has_no_history(user):
    assert wod_recent_exercise_ids(user_ids=[user.pk]) == {}


# The generator's catalogue
# ------------------------------------------------------------------------------


def catalogue_by_name() -> dict[str, CatalogueExercise]:
    return {exercise.name: exercise for exercise in wod_catalogue()}


@pytest.mark.django_db
def test_the_generator_s_catalogue_maps_every_active_exercise_with_its_coaching_data(catalogue):
    Exercise.objects.filter(name="Sit-Up").update(is_active=False)
    ids = dict(Exercise.objects.values_list("name", "id"))

    rows = catalogue_by_name()

    assert set(rows) == set(Exercise.objects.filter(is_active=True).values_list("name", flat=True))
    assert all(isinstance(row, CatalogueExercise) for row in rows.values())
    assert rows["Pull-Up"] == CatalogueExercise(
        id=ids["Pull-Up"],
        name="Pull-Up",
        modality="gymnastics",
        difficulty=3,
        primary_muscle_group="lats",
        equipment=frozenset({"pull_up_bar"}),
        measurement="reps",
        load_kg=None,
        load_women_kg=None,
        load_scaled_kg=None,
        roles=frozenset({"metcon", "skill"}),
        pattern="vertical_pull",
        family="pull_up",
        pace_s=PerLevel(beginner=4.5, intermediate=2.6, advanced=1.8),
        min_per_bout=3,
        max_per_bout=PerLevel(beginner=0, intermediate=12, advanced=20),
        max_per_session=PerLevel(beginner=0, intermediate=60, advanced=100),
        cap_group="",
        needs=frozenset(),
        pairs_with=frozenset(),
        scaled_substitute_id=ids["Jumping Pull-Up"],
        beginner_substitute_id=ids["Ring Row"],
    )
    wall_ball = rows["Wall Ball"]
    assert (wall_ball.load_kg, wall_ball.load_women_kg, wall_ball.load_scaled_kg) == (9, 6, 6)
    assert wall_ball.needs == {"wall", "target"}
    assert rows["Bar-Facing Burpee"].pairs_with == {"barbell"}
    assert rows["Deadlift"].cap_group == "heavy_barbell"


@pytest.mark.django_db
def test_the_generator_s_catalogue_costs_three_queries(catalogue, django_assert_num_queries):
    with django_assert_num_queries(3):
        wod_catalogue()


@pytest.mark.django_db
def test_an_inactive_substitute_reads_as_none_for_the_generator(catalogue):
    Exercise.objects.filter(name="Ring Row").update(is_active=False)

    pull_up = catalogue_by_name()["Pull-Up"]

    assert pull_up.beginner_substitute_id is None
    assert pull_up.scaled_substitute_id == Exercise.objects.get(name="Jumping Pull-Up").pk
