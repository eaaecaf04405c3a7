"""Athletes' time zones: which names are zones, and whose day has begun at a given instant."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from users.time_zones import local_date, time_zone_names, validate_time_zone, zones_past_hour

UTC = datetime.UTC


@pytest.mark.parametrize(
    "name", ["UTC", "Europe/Paris", "Pacific/Auckland", "America/Argentina/Buenos_Aires"]
)
def test_iana_names_are_time_zones(name):
    validate_time_zone(name)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("Mars/Olympus_Mons", id="unknown"),
        pytest.param("europe/paris", id="wrong-case"),
        pytest.param("", id="empty"),
        pytest.param("../../etc/passwd", id="path"),
        pytest.param("localtime", id="the-machines-own"),
        pytest.param("Factory", id="placeholder"),
        pytest.param("+02:00", id="offset"),
    ],
)
def test_anything_else_is_refused(name):
    with pytest.raises(ValidationError, match="Not a time zone"):
        validate_time_zone(name)


def test_the_zones_are_the_few_hundred_of_the_zone_database():
    assert 400 < len(time_zone_names()) < 1000


def test_the_same_instant_is_another_date_on_another_clock():
    at = datetime.datetime(2026, 1, 15, 12, tzinfo=UTC)

    assert local_date(time_zone="Pacific/Auckland", at=at) == datetime.date(2026, 1, 16)
    assert local_date(time_zone="America/Los_Angeles", at=at) == datetime.date(2026, 1, 15)


def test_zones_past_the_hour_are_grouped_by_their_local_date():
    # 16:30 UTC: 05:30 on the 16th in Auckland, 17:30 in Paris, 08:30 in Los Angeles, 01:30
    # on the 16th in Tokyo, 04:30 at UTC-12.
    zones = zones_past_hour(at=datetime.datetime(2026, 1, 15, 16, 30, tzinfo=UTC), hour=5)

    assert list(zones) == [datetime.date(2026, 1, 15), datetime.date(2026, 1, 16)]
    assert {"Europe/Paris", "America/Los_Angeles"} <= set(zones[datetime.date(2026, 1, 15)])
    assert "Pacific/Auckland" in zones[datetime.date(2026, 1, 16)]
    listed = {name for names in zones.values() for name in names}
    assert not {"Asia/Tokyo", "Etc/GMT+12"} & listed


@pytest.mark.parametrize("hour", range(0, 24, 3))
def test_at_any_instant_a_zone_is_listed_once_when_its_clock_is_past_the_hour(hour):
    for minutes in range(0, 24 * 60, 45):
        at = datetime.datetime(2026, 6, 1, tzinfo=UTC) + datetime.timedelta(minutes=minutes)

        zones = zones_past_hour(at=at, hour=hour)

        listed = [name for names in zones.values() for name in names]
        assert len(listed) == len(set(listed))
        assert set(listed) == {
            name for name in time_zone_names() if at.astimezone(ZoneInfo(name)).hour >= hour
        }
        assert len(zones) <= 3
