"""The generator's catalogue: read again as soon as staff change it, and not otherwise."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from coaching.generator import CatalogueExercise
from exercises.models import Exercise
from users.models import User
from wods.broker.messages import WodMessage
from wods.catalogue import ActiveCatalogue
from wods.models import Wod
from wods.services import wod_requests_fulfil
from wods.tests.factories import make_wod_request

FIRST_DAY = datetime.date(2026, 11, 2)
STILL_ACTIVE = ["Air Squat", "Walking Lunge", "Sit-Up", "Plank", "Inchworm"]


def rows_by_id(catalogue: ActiveCatalogue) -> dict[int, CatalogueExercise]:
    return {row.id: row for row in catalogue.generator().catalogue}


def fulfil(user: User, for_date: datetime.date, catalogue: ActiveCatalogue | None = None) -> Wod:
    request = make_wod_request(user=user, for_date=for_date)
    message = WodMessage(request_id=request.id, user_email=user.email, for_date=for_date)
    [fulfilment] = wod_requests_fulfil(messages=[message], attempts=[1], catalogue=catalogue)
    return Wod.objects.get(pk=fulfilment.wod_id)


def test_an_unchanged_catalogue_costs_one_query_and_keeps_its_generator(
    catalogue, django_assert_num_queries
):
    active = ActiveCatalogue()
    generator = active.generator()

    with django_assert_num_queries(1):
        assert active.generator() is generator


def test_an_edited_exercise_is_seen_by_the_next_call(catalogue):
    active = ActiveCatalogue()
    back_squat = Exercise.objects.get(name="Back Squat")
    assert rows_by_id(active)[back_squat.pk].difficulty != 5

    back_squat.difficulty = 5
    back_squat.load_kg = 100
    back_squat.save()

    row = rows_by_id(active)[back_squat.pk]
    assert (row.difficulty, row.load_kg) == (5, 100.0)


def test_a_deactivated_exercise_is_gone_from_the_next_call_and_back_once_reactivated(catalogue):
    active = ActiveCatalogue()
    back_squat = Exercise.objects.get(name="Back Squat")
    assert back_squat.pk in rows_by_id(active)

    back_squat.is_active = False
    back_squat.save()
    assert back_squat.pk not in rows_by_id(active)

    back_squat.is_active = True
    back_squat.save()
    assert back_squat.pk in rows_by_id(active)


def test_equipment_changed_through_the_api_is_seen_by_the_next_call(staff_client, catalogue):
    active = ActiveCatalogue()
    back_squat = Exercise.objects.get(name="Back Squat")
    assert rows_by_id(active)[back_squat.pk].equipment == {"barbell"}

    response = staff_client.patch(
        f"/api/exercises/{back_squat.pk}/", {"equipment": ["barbell", "box"]}, format="json"
    )

    assert response.status_code == 200
    assert rows_by_id(active)[back_squat.pk].equipment == {"barbell", "box"}


def test_a_held_catalogue_gives_the_next_batch_the_exercises_staff_left_active(user, catalogue):
    active = ActiveCatalogue()
    fulfil(user, FIRST_DAY, active)
    for exercise in Exercise.objects.exclude(name__in=STILL_ACTIVE):
        exercise.is_active = False
        exercise.save()

    wod = fulfil(user, FIRST_DAY + datetime.timedelta(days=1), active)

    used = set(wod.movements.values_list("exercise__name", flat=True))
    assert used
    assert used <= set(STILL_ACTIVE)


def test_fulfil_reads_the_exercises_only_without_a_held_catalogue(user, catalogue):
    active = ActiveCatalogue()
    active.generator()

    with CaptureQueriesContext(connection) as held:
        fulfil(user, FIRST_DAY, active)
    with CaptureQueriesContext(connection) as fresh:
        fulfil(user, FIRST_DAY + datetime.timedelta(days=1))

    def reads_equipment(queries: CaptureQueriesContext) -> bool:
        return any("exercises_exercise_equipment" in query["sql"] for query in queries)

    assert not reads_equipment(held)
    assert reads_equipment(fresh)


def test_pairings_and_substitutes_changed_through_the_api_are_seen_by_the_next_call(
    staff_client, catalogue
):
    active = ActiveCatalogue()
    burpee = Exercise.objects.get(name="Bar-Facing Burpee")
    pull_up = Exercise.objects.get(name="Pull-Up")
    assert rows_by_id(active)[burpee.pk].pairs_with == {"barbell"}

    paired = staff_client.patch(
        f"/api/exercises/{burpee.pk}/", {"pairs_with": ["barbell", "dumbbell"]}, format="json"
    )
    substituted = staff_client.patch(
        f"/api/exercises/{pull_up.pk}/", {"scaled_substitute": "Banded Pull-Up"}, format="json"
    )

    assert (paired.status_code, substituted.status_code) == (200, 200)
    rows = rows_by_id(active)
    assert rows[burpee.pk].pairs_with == {"barbell", "dumbbell"}
    assert rows[pull_up.pk].scaled_substitute_id == Exercise.objects.get(name="Banded Pull-Up").pk
