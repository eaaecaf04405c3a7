"""Reads the consumer relies on: each athlete's recent WODs."""

import datetime

import pytest

from coaching.generator import RECENT_WODS_CONSIDERED
from wods.models import Wod
from wods.selectors import wod_recent_exercise_ids
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
