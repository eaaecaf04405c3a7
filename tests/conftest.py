"""Rows the route-walking tests need: an athlete's own data, and the shared catalogue's."""

import pytest
from django.db.models import Model
from django.utils import timezone

from coaching.vocabulary import ScoreType
from exercises.models import Equipment, Exercise, MuscleGroup
from testing.routes import OWNER_RESULT_NOTES
from users.models import User
from wods.broker.messages import WodMessage
from wods.models import Wod, WodRequest, WodResult
from wods.selectors import wod_score_type
from wods.services import wod_requests_fulfil
from wods.tests.factories import make_result, make_wod_request

# A score every WOD of its type allows: nothing done (a For Time capped before its first rep).
NOTHING_DONE = {
    ScoreType.TIME: {"reps": 0},
    ScoreType.ROUNDS_REPS: {"rounds": 0},
    ScoreType.REPS: {"reps": 0},
}


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
    wod = Wod.objects.get(pk=fulfilment.wod_id)
    result = make_result(wod=wod, notes=OWNER_RESULT_NOTES, **NOTHING_DONE[wod_score_type(wod=wod)])
    return {
        User: owner,
        WodRequest: pending,
        Wod: wod,
        WodResult: result,
        # An exercise no WOD uses, so a staff DELETE of it goes through.
        Exercise: Exercise.objects.exclude(wod_movements__isnull=False).order_by("pk").first(),
        MuscleGroup: MuscleGroup.objects.order_by("pk").first(),
        Equipment: Equipment.objects.order_by("pk").first(),
    }
