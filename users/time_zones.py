"""Athletes' own time zones: IANA names (`Europe/Paris`), checked against the zone database.

An athlete's "today" is the date on their own clock, so a WOD request's date and the daily
run's schedule follow their profile's `time_zone`, not the server's (`DJANGO_TIME_ZONE`,
which new athletes get by default). The names come from Python's `zoneinfo`: the system's
zone files, else the `tzdata` package (slim images have no zone files).
"""

import datetime
import functools
import zoneinfo
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError

# Files of the zone folder that are no place's zone: the machine's own, and placeholders.
NOT_A_PLACE = frozenset({"localtime", "posixrules", "Factory"})


@functools.cache
def time_zone_names() -> frozenset[str]:
    """Every zone an athlete may choose (about 600; read once, the folder walk is slow)."""
    return frozenset(zoneinfo.available_timezones() - NOT_A_PLACE)


@functools.cache
def zone(name: str) -> zoneinfo.ZoneInfo:
    """The zone called `name`, read once: `ZoneInfo` itself keeps only the last few it read."""
    return zoneinfo.ZoneInfo(name)


def default_time_zone() -> str:
    """A new athlete's zone: the server's (`DJANGO_TIME_ZONE`)."""
    return settings.TIME_ZONE


def validate_time_zone(name: str) -> None:
    if name not in time_zone_names():
        raise ValidationError(
            "Not a time zone: use an IANA name such as Europe/Paris.", code="invalid_time_zone"
        )


def local_now(*, time_zone: str, at: datetime.datetime) -> datetime.datetime:
    """The aware instant `at` on the clock of `time_zone`."""
    return at.astimezone(zone(time_zone))


def local_date(*, time_zone: str, at: datetime.datetime) -> datetime.date:
    return local_now(time_zone=time_zone, at=at).date()


def zones_past_hour(*, at: datetime.datetime, hour: int) -> dict[datetime.date, list[str]]:
    """The zones whose clocks show `hour` o'clock or later at `at`, by their local date.

    A few hundred conversions, under a millisecond. At any instant the world's clocks show
    at most three dates, so there are at most three keys.
    """
    zones: dict[datetime.date, list[str]] = defaultdict(list)
    for name in time_zone_names():
        local = local_now(time_zone=name, at=at)
        if local.hour >= hour:
            zones[local.date()].append(name)
    return {day: sorted(names) for day, names in sorted(zones.items())}
