"""The catalogue and the WODs written from it: an exercise in use stays."""

import datetime

import pytest

from exercises.models import Exercise
from wods.models import Wod, WodExercise, WodRequest


@pytest.mark.django_db
def test_deleting_an_exercise_used_by_a_wod_is_a_409_and_keeps_it(staff_client, user, catalogue):
    back_squat = Exercise.objects.get(name="Back Squat")
    request = WodRequest.objects.create(user=user, for_date=datetime.date(2026, 1, 5))
    wod = Wod.objects.create(
        request=request,
        user=user,
        for_date=request.for_date,
        format="amrap",
        time_domain="short",
        minutes=10,
        description="10 min AMRAP",
        seed=1,
        generator_version=1,
    )
    WodExercise.objects.create(wod=wod, exercise=back_squat, order=1, reps=5)

    response = staff_client.delete(f"/api/exercises/{back_squat.pk}/")

    assert response.status_code == 409
    assert "deactivate" in response.json()["detail"]
    assert Exercise.objects.filter(pk=back_squat.pk).exists()
