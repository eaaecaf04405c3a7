"""The vocabulary's members stand in for the plain strings stored in the database."""

from coaching.vocabulary import Goal, Measurement, TimeDomain


def test_a_stored_string_finds_its_member_and_equals_it() -> None:
    assert Goal("endurance") is Goal.ENDURANCE
    assert Goal.ENDURANCE == "endurance"
    assert {Measurement.REPS: "found"}["reps"] == "found"


def test_a_member_formats_as_its_value_and_carries_its_label() -> None:
    assert f"{TimeDomain.SHORT}" == str(TimeDomain.SHORT) == "short"
    assert TimeDomain.SHORT.label == "Short (≤ 10 min)"
