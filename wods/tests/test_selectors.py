import datetime

from coaching.generator import RECENT_WODS_CONSIDERED
from wods.selectors import wod_recent_exercise_ids
from wods.tests.factories import make_wod


def test_the_history_holds_the_wods_the_generator_considers_most_recent_first(user, catalogue):
    first_day = datetime.date(2026, 11, 1)
    wods = [
        make_wod(user=user, for_date=first_day + datetime.timedelta(days=day))
        for day in range(RECENT_WODS_CONSIDERED + 2)
    ]

    history = wod_recent_exercise_ids(user_ids=[user.pk])

    newest_first = [
        list(wod.movements.order_by("order").values_list("exercise_id", flat=True))
        for wod in reversed(wods)
    ]
    assert history == {user.pk: newest_first[:RECENT_WODS_CONSIDERED]}
