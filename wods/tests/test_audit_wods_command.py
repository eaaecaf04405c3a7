"""`manage.py audit_wods`: the coach's audit of the shipped catalogue, and a failing one."""

import dataclasses
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coaching.audit import RULES
from coaching.generator import WodGenerator
from wods.management.commands.audit_wods import Command


def test_the_shipped_catalogue_breaks_no_rule_over_every_goal_level_and_profile(catalogue):
    out = StringIO()
    call_command("audit_wods", days=30, stdout=out)

    text = out.getvalue()
    assert text.startswith("1440 WODs: 48 seasons of 30 days")
    for rule in RULES:
        assert f"| {rule} | {RULES[rule]} | 0 |" in text
    assert text.rstrip().endswith("0 rules broken.")


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

    with pytest.raises(CommandError, match=r"1 rule\(s\) broken: time fit"):
        call_command("audit_wods", days=7, stdout=out)

    text = out.getvalue()
    time_fit = next(line for line in text.splitlines() if line.startswith("| time fit |"))
    assert int(time_fit.rsplit("|", 2)[1]) > 0
    assert "time fit:\n" in text
    assert "x the expected time" in text


def test_days_out_of_range_are_a_command_error(catalogue):
    with pytest.raises(CommandError, match="--days must be between 1 and 365"):
        call_command("audit_wods", days=400, stdout=StringIO())
