"""Rows the route-walking tests need: an athlete's own data, and the shared catalogue's."""

import pytest
from django.db.models import Model
from django.utils import timezone

from exercises.models import Equipment, Exercise, MuscleGroup
from users.models import User
from wods.broker.messages import WodMessage
from wods.models import Wod, WodRequest
from wods.services import wod_requests_fulfil
from wods.tests.factories import make_wod_request


@pytest.fixture
def objects(user, catalogue) -> dict[type[Model], Model]:
    """One object of each model the API shows: `user`'s own, and the shared catalogue's.

    `user` is the owner of the rows; tests call as `other_user` to play the stranger.
    """
    owner = user
    request = make_wod_request(user=owner)
    [fulfilment] = wod_requests_fulfil(
        messages=[
            WodMessage(request_id=request.id, user_email=owner.email, for_date=request.for_date)
        ],
        attempts=[1],
    )
    pending = make_wod_request(user=owner, for_date=timezone.localdate())
    return {
        User: owner,
        WodRequest: pending,
        Wod: Wod.objects.get(pk=fulfilment.wod_id),
        # An exercise no WOD uses, so a staff DELETE of it goes through.
        Exercise: Exercise.objects.exclude(wod_movements__isnull=False).order_by("pk").first(),
        MuscleGroup: MuscleGroup.objects.order_by("pk").first(),
        Equipment: Equipment.objects.order_by("pk").first(),
    }
