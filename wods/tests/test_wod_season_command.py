"""`manage.py wod_season`: a season as an athlete reads it, from the active catalogue."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def season(**options) -> str:
    out = StringIO()
    call_command("wod_season", stdout=out, **options)
    return out.getvalue()


def test_a_week_prints_each_day_with_its_date_intensity_and_every_part(catalogue):
    text = season(goal="endurance", level="beginner", equipment="rower,kettlebell", days=7)

    days = re.findall(r"^Day (\d+), (\w+) (\d+) January \((.+?), (\d+) min\)$", text, flags=re.M)
    assert [(int(day), weekday) for day, weekday, _, _, _ in days] == [
        (1, "Monday"),
        (2, "Tuesday"),
        (3, "Wednesday"),
        (4, "Thursday"),
        (5, "Friday"),
        (6, "Saturday"),
        (7, "Sunday"),
    ]
    kinds = [kind for _, _, _, kind, _ in days]
    assert [kind == "Rest day" for kind in kinds] == [False, False, False, True, False, False, True]
    assert kinds[0].startswith("Heavy")
    paragraphs = re.split(r"\n(?=Day \d+, )", text)[1:]
    for paragraph, (_, _, _, kind, minutes) in zip(paragraphs, days, strict=True):
        parts = re.findall(r"^  ([\w -]+), (\d+) min.*?: .+$", paragraph, flags=re.M)
        assert sum(int(part_minutes) for _, part_minutes in parts) == int(minutes) <= 60
        names = [name for name, _ in parts]
        if kind == "Rest day":
            assert names == ["Active recovery", "Cool-down"]
        else:
            assert names[0] == "Warm-up"
            assert names[-2:] == ["Metcon", "Cool-down"]
            assert re.search(
                r"Metcon, \d+ min \(.+, (expected \d+:\d\d|about [\d.]+ rounds in \d+ min)\)",
                paragraph,
            )
    assert (
        "equipment: kettlebell, rower; 5 training days a week, 60-minute sessions (seed 0)" in text
    )
    assert "cal row" in text, "an athlete who owns a rower rows in their week"


def test_the_athletes_days_minutes_and_space_shape_the_season(catalogue):
    text = season(
        goal="general_fitness",
        level="intermediate",
        days=14,
        days_per_week=3,
        minutes=30,
        no_wall=True,
        no_open_space=True,
    )

    assert "3 training days a week, 30-minute sessions, no wall, no open space" in text
    assert len(re.findall(r"^Day \d+, .+\(Rest day, ", text, flags=re.M)) == 8
    for minutes in re.findall(r"^Day \d+, .+, (\d+) min\)$", text, flags=re.M):
        assert int(minutes) <= 30
    needing_a_wall_or_a_lane = r"\brun\b|shuttle|carry|walking lunge|wall walk|handstand|wall ball"
    assert not re.search(needing_a_wall_or_a_lane, text, flags=re.I)


def test_the_same_seed_prints_the_same_season_and_another_seed_another(catalogue):
    options = {"goal": "general_fitness", "level": "advanced", "equipment": "barbell", "days": 5}
    assert season(**options, seed=3) == season(**options, seed=3)
    assert season(**options, seed=3) != season(**options, seed=4)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"equipment": "barbell,hovercraft"}, "Unknown equipment: hovercraft"),
        ({"days": 0}, "--days must be between 1 and 365"),
        ({"days_per_week": 7}, "--days-per-week must be between 3 and 6"),
        ({"minutes": 15}, "--minutes must be between 20 and 120"),
    ],
)
def test_bad_options_are_a_command_error(catalogue, options, message):
    arguments = {"goal": "endurance", "level": "beginner", "days": 3, **options}
    with pytest.raises(CommandError, match=message):
        season(**arguments)
