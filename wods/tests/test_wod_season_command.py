"""`manage.py wod_season`: a season as an athlete reads it, from the active catalogue."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def season(**options) -> str:
    out = StringIO()
    call_command("wod_season", stdout=out, **options)
    return out.getvalue()


def test_a_season_prints_each_day_with_its_expected_time_or_rounds(catalogue):
    text = season(goal="endurance", level="beginner", equipment="rower,kettlebell", days=10)

    days = re.findall(
        r"^Day (\d+) \((.+), (expected \d+:\d\d|about [\d.]+ rounds in \d+ min)\)$",
        text,
        flags=re.M,
    )
    assert [int(day) for day, _, _ in days] == list(range(1, 11))
    for _, wod_format, expected in days:
        if wod_format in ("AMRAP", "Intervals"):
            assert expected.startswith("about")
        else:
            assert expected.startswith("expected")
    assert "equipment: kettlebell, rower (seed 0)" in text
    assert "cal row" in text, "an athlete who owns a rower rows in their season"


def test_the_same_seed_prints_the_same_season_and_another_seed_another(catalogue):
    options = {"goal": "general_fitness", "level": "advanced", "equipment": "barbell", "days": 5}
    assert season(**options, seed=3) == season(**options, seed=3)
    assert season(**options, seed=3) != season(**options, seed=4)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"equipment": "barbell,hovercraft"}, "Unknown equipment: hovercraft"),
        ({"days": 0}, "--days must be between 1 and 365"),
    ],
)
def test_bad_options_are_a_command_error(catalogue, options, message):
    arguments = {"goal": "endurance", "level": "beginner", "days": 3, **options}
    with pytest.raises(CommandError, match=message):
        season(**arguments)
