"""The hourly daily run on the athletes' own clocks: each athlete gets one daily request for
their local date, in the first run after WOD_DAILY_LOCAL_HOUR on their clock, never two.

The clock is simulated: the service reads every zone at the instant it is given (`as_of`, the
instant a run began), so the runs of two days go by in a second or two, hour by hour, as the
hourly cron job would make them. The window crosses Europe's change to summer time (Paris goes
from UTC+1 to UTC+2 at 01:00 UTC on 29 March 2026).
"""

import datetime
from collections import Counter

import pytest

from users.time_zones import local_now
from wods.models import WodRequest
from wods.services import DailyRequests, wod_request_create, wod_requests_create_daily

UTC = datetime.UTC
ZONES = ["Pacific/Auckland", "Europe/Paris", "America/Los_Angeles", "Asia/Kolkata"]
WINDOW_START = datetime.datetime(2026, 3, 27, 12, tzinfo=UTC)
HOURS = 48
PAGE_SIZE = 3

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def athletes(make_user, settings):
    """Two active athletes in each zone, their ids interleaved so that pages mix zones, and
    one who left."""
    settings.WOD_DAILY_LOCAL_HOUR = 5
    make_user(email="gone@example.com", time_zone="Europe/Paris", is_active=False)
    return [make_user(time_zone=zone) for _ in range(2) for zone in ZONES]


def run(as_of: datetime.datetime, *, pages: int | None = None) -> list[DailyRequests]:
    """A run of the daily job begun at `as_of`, page after page as the cron job follows the
    cursor (which carries `as_of`); `pages` stops it early, as a job that died."""
    served, after = [], 0
    while pages is None or len(served) < pages:
        page = wod_requests_create_daily(as_of=as_of, after_user_id=after, page_size=PAGE_SIZE)
        served.append(page)
        if page.last_user_id is None:
            break
        after = page.last_user_id
    return served


def hourly(start: datetime.datetime, hours: int) -> list[datetime.datetime]:
    return [start + datetime.timedelta(hours=hour) for hour in range(hours)]


def daily_requests() -> dict:
    """Each daily request by (user id, for_date)."""
    return {
        (request.user_id, request.for_date): request
        for request in WodRequest.objects.filter(source=WodRequest.Source.DAILY)
    }


def run_hourly_and_record(instants) -> dict:
    """Runs the job at each instant; returns the instant that created each (user, date)."""
    created_by = {}
    for as_of in instants:
        before = set(daily_requests())
        run(as_of)
        for key in set(daily_requests()) - before:
            created_by[key] = as_of
    return created_by


def expected_days(athlete, instants) -> set[datetime.date]:
    """The local dates on which one of the runs found the athlete's clock past 5 o'clock."""
    return {
        local.date()
        for local in (local_now(time_zone=athlete.time_zone, at=at) for at in instants)
        if local.hour >= 5
    }


def test_each_athlete_gets_one_daily_request_per_local_date_in_the_first_run_after_five(
    athletes, broker
):
    instants = hourly(WINDOW_START, HOURS)

    created_by = run_hourly_and_record(instants)

    rows = list(WodRequest.objects.values_list("user_id", "for_date"))
    assert not [key for key, count in Counter(rows).items() if count > 1]
    assert set(created_by) == {
        (athlete.pk, day) for athlete in athletes for day in expected_days(athlete, instants)
    }
    for (user_id, day), at in created_by.items():
        zone = next(athlete.time_zone for athlete in athletes if athlete.pk == user_id)
        made_at = local_now(time_zone=zone, at=at)
        assert (made_at.date(), made_at.hour >= 5) == (day, True)
        if at != instants[0]:
            # The first run after their hour: 5 o'clock on their clock (05:30 in Kolkata,
            # whose clock is half an hour off the runs').
            assert made_at.hour == 5
    # Where the window found the day begun already, its first run served it.
    first = {zone: local_now(time_zone=zone, at=instants[0]).hour for zone in ZONES}
    assert first == {
        "Pacific/Auckland": 1,
        "Europe/Paris": 13,
        "America/Los_Angeles": 5,
        "Asia/Kolkata": 17,
    }
    # Auckland 2 dates, Paris 3, Los Angeles 2, Kolkata 3; two athletes each.
    assert len(rows) == len(created_by) == 2 * (2 + 3 + 2 + 3)
    assert broker.ready() == len(rows)
    # Paris at 05:00 on its own clock either side of the change to summer time.
    paris = next(athlete for athlete in athletes if athlete.time_zone == "Europe/Paris")
    made = {day: at.hour for (user_id, day), at in created_by.items() if user_id == paris.pk}
    assert made == {
        datetime.date(2026, 3, 27): 12,  # the window's first run, 13:00 in Paris
        datetime.date(2026, 3, 28): 4,  # 05:00 in Paris, UTC+1
        datetime.date(2026, 3, 29): 3,  # 05:00 in Paris, UTC+2 since 01:00 UTC
    }


def test_one_run_serves_athletes_on_different_local_dates_each_on_their_own(athletes, broker):
    # 16:00 UTC on 15 January: 05:00 on the 16th in Auckland (UTC+13), 17:00 on the 15th in
    # Paris, 08:00 on the 15th in Los Angeles, 21:30 on the 15th in Kolkata.
    pages = run(datetime.datetime(2026, 1, 15, 16, tzinfo=UTC))

    by_zone = {
        (athlete.time_zone, day)
        for athlete in athletes
        for (user_id, day) in daily_requests()
        if user_id == athlete.pk
    }
    assert by_zone == {
        ("Pacific/Auckland", datetime.date(2026, 1, 16)),
        ("Europe/Paris", datetime.date(2026, 1, 15)),
        ("America/Los_Angeles", datetime.date(2026, 1, 15)),
        ("Asia/Kolkata", datetime.date(2026, 1, 15)),
    }
    assert sum(page.created for page in pages) == sum(page.queued for page in pages) == 8
    assert pages[0].for_dates == [datetime.date(2026, 1, 15), datetime.date(2026, 1, 16)]


def test_athletes_whose_clock_has_not_reached_five_get_nothing_yet(athletes, broker):
    # 15:00 UTC: 04:00 in Auckland, the next day.
    pages = run(datetime.datetime(2026, 1, 15, 15, tzinfo=UTC))

    served = {user_id for user_id, _ in daily_requests()}
    assert served == {athlete.pk for athlete in athletes if athlete.time_zone != "Pacific/Auckland"}
    assert sum(page.created for page in pages) == 6


def test_a_run_repeated_within_the_hour_creates_and_publishes_nothing_new(athletes, broker):
    as_of = datetime.datetime(2026, 1, 15, 16, tzinfo=UTC)
    run(as_of)

    again = run(as_of + datetime.timedelta(minutes=20))

    assert sum(page.created for page in again) == sum(page.queued for page in again) == 0
    assert sum(page.existing for page in again) == 8
    assert len(daily_requests()) == 8
    assert broker.ready() == 8


def test_a_run_that_died_halfway_is_made_good_by_the_next_hours_run_and_no_one_twice(
    athletes, broker
):
    instants = hourly(WINDOW_START, HOURS)
    died_at = datetime.datetime(2026, 3, 28, 4, tzinfo=UTC)  # 05:00 in Paris
    created_by = {}
    for as_of in instants:
        before = set(daily_requests())
        run(as_of, pages=1 if as_of == died_at else None)
        for key in set(daily_requests()) - before:
            created_by[key] = as_of

    assert set(created_by) == {
        (athlete.pk, day) for athlete in athletes for day in expected_days(athlete, instants)
    }
    paris = [athlete.pk for athlete in athletes if athlete.time_zone == "Europe/Paris"]
    day = datetime.date(2026, 3, 28)
    # The first page held one of the two Parisians; the other waited for the next hour.
    assert sorted(created_by[(pk, day)].hour for pk in paris) == [4, 5]
    assert WodRequest.objects.count() == len(created_by)
    assert broker.ready() == len(created_by)


def test_every_page_of_a_run_reads_the_clocks_at_the_instant_the_run_began(athletes, broker):
    # Begun at 10:30 UTC on 15 January (23:30 in Auckland, the 15th), its pages are served
    # long after, past Auckland's midnight, on the dates of the instant the run began.
    began = datetime.datetime(2026, 1, 15, 10, 30, tzinfo=UTC)
    first = wod_requests_create_daily(as_of=began, page_size=PAGE_SIZE)
    after = first.last_user_id
    while after is not None:
        after = wod_requests_create_daily(
            as_of=began, after_user_id=after, page_size=PAGE_SIZE
        ).last_user_id

    days = {day for _, day in daily_requests()}
    assert days == {datetime.date(2026, 1, 15)}
    assert len(daily_requests()) == 6  # Los Angeles is at 02:30: not yet


def test_a_users_own_request_without_a_date_is_for_today_on_their_clock(make_user, broker):
    auckland = make_user(time_zone="Pacific/Auckland")
    los_angeles = make_user(time_zone="America/Los_Angeles")
    now = datetime.datetime(2026, 1, 15, 12, tzinfo=UTC)  # 01:00 on the 16th / 04:00 on the 15th

    there, _ = wod_request_create(user=auckland, now=now)
    here, _ = wod_request_create(user=los_angeles, now=now)

    assert there.for_date == datetime.date(2026, 1, 16)
    assert here.for_date == datetime.date(2026, 1, 15)
