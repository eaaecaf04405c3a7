"""`manage.py audit_wods`: the coach's audit of the shipped catalogue, and a failing one."""

import dataclasses
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coaching.audit import RULES
from coaching.generator import WodGenerator
from wods.management.commands.audit_wods import Command


def test_the_shipped_catalogue_breaks_no_rule_over_every_athlete_and_shows_the_weeks_figures(
    catalogue,
):
    out = StringIO()
    call_command("audit_wods", days=30, stdout=out)

    text = out.getvalue()
    assert text.startswith("3960 sessions: 132 seasons of 30 days (every goal x level x 4 ")
    for rule in RULES:
        assert f"| {rule} | {RULES[rule]} | 0 |" in text
    assert text.rstrip().endswith("0 rules broken.")
    figures = text.split("The week's figures:\n")[1]
    sessions, rest = map(
        int, re.search(r"training sessions (\d+), rest days (\d+)", figures).groups()
    )
    assert sessions + rest == 3960
    assert 3 / 7 < sessions / 3960 < 6 / 7
    benchmarks, seasons = map(
        int, re.search(r"benchmarks: (\d+) in (\d+) of 132", figures).groups()
    )
    assert benchmarks >= seasons > 0, "the rule says which seasons a benchmark fits"
    assert re.search(r"push (\d+), pull (\d+)", figures)


class DoubledCaps(WodGenerator):
    """Writes every For Time cap at twice the expected time (the expected time halved, so
    the session's parts stay as generated)."""

    __slots__ = ()

    def generate(self, **arguments):
        wod = super().generate(**arguments)
        if wod.format != "for_time":
            return wod
        return dataclasses.replace(wod, expected_seconds=wod.expected_seconds // 2)


def test_a_broken_rule_is_counted_with_examples_and_the_command_fails(catalogue, monkeypatch):
    monkeypatch.setattr(Command, "generator_class", DoubledCaps)
    out = StringIO()

    # The metcon part keeps its own minutes: "parts in order" may break with it.
    with pytest.raises(CommandError, match=r"rule\(s\) broken: time fit"):
        call_command("audit_wods", days=7, stdout=out)

    text = out.getvalue()
    time_fit = next(line for line in text.splitlines() if line.startswith("| time fit |"))
    assert int(time_fit.rsplit("|", 2)[1]) > 0
    assert "time fit:\n" in text
    assert "x the expected time" in text


def test_days_out_of_range_are_a_command_error(catalogue):
    with pytest.raises(CommandError, match="--days must be between 1 and 365"):
        call_command("audit_wods", days=400, stdout=StringIO())
