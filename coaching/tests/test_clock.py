"""The time model's arithmetic: caps of whole minutes within 1.3-1.5x, domains, EMOM minutes."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coaching.clock import emom_work_fits, for_time_cap, time_domain


@pytest.mark.parametrize(
    ("expected_seconds", "cap"),
    [(600, 14), (300, 7), (451, 11), (1200, 28), (190, None), (200, 5)],
)
def test_a_for_time_cap_is_the_whole_minute_nearest_1_4x_within_1_3x_to_1_5x(
    expected_seconds: int, cap: int | None
) -> None:
    assert for_time_cap(expected_seconds) == cap


@settings(max_examples=200, deadline=None, database=None)
@given(st.floats(min_value=60, max_value=3600))
def test_every_cap_found_is_within_1_3x_to_1_5x_and_one_exists_from_5_minutes(
    expected_seconds: float,
) -> None:
    cap = for_time_cap(expected_seconds)
    if expected_seconds >= 300:
        assert cap is not None
    if cap is not None:
        assert 1.3 <= cap * 60 / expected_seconds <= 1.5


@pytest.mark.parametrize(
    ("minutes", "domain"),
    [(6, "short"), (10, "short"), (11, "medium"), (20, "medium"), (21, "long")],
)
def test_time_domains_follow_the_minutes(minutes: int, domain: str) -> None:
    assert time_domain(minutes) == domain


@pytest.mark.parametrize(
    ("seconds", "level", "fits"),
    [
        (14, "intermediate", False),
        (15, "beginner", True),
        (35, "beginner", True),
        (36, "beginner", False),
        (45, "advanced", True),
        (46, "advanced", False),
    ],
)
def test_an_emom_minute_holds_15_to_45_seconds_of_work_35_for_a_beginner(
    seconds: float, level: str, fits: bool
) -> None:
    assert emom_work_fits(seconds, level) is fits
