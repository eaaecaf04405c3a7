"""Reads the consumer relies on: each athlete's recent WODs."""

import datetime

import pytest

from wods.models import Wod
from wods.selectors import HISTORY_DEPTH, wod_recent_exercise_ids
from wods.tests.factories import make_wod

pytestmark = pytest.mark.django_db


def movements(wod: Wod) -> list[int]:
    return list(wod.movements.order_by("order").values_list("exercise_id", flat=True))


def test_the_history_is_each_athletes_last_wods_newest_first_with_movements_in_order(
    user, other_user, catalogue
):
    today = datetime.date(2026, 12, 1)
    wods = [
        make_wod(user=user, for_date=today - datetime.timedelta(days=back))
        for back in range(9, 0, -1)
    ]
    # Two on one day: the one made later is the more recent.
    wods.append(make_wod(user=user, for_date=today))
    wods.append(make_wod(user=user, for_date=today))
    theirs = make_wod(user=other_user, for_date=today)

    history = wod_recent_exercise_ids(user_ids=[user.pk, other_user.pk])

    assert history[user.pk] == [movements(wod) for wod in reversed(wods)][:HISTORY_DEPTH]
    assert history[other_user.pk] == [movements(theirs)]


def test_an_athlete_without_wods_has_no_history(user):
    assert wod_recent_exercise_ids(user_ids=[user.pk]) == {}
