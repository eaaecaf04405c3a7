"""Every environment variable the settings read is documented in docs/CONFIGURATION.md and
listed in `.env.example`, so neither falls behind the code."""

import re

import pytest

from testing.processes import BASE_DIR

SETTINGS = sorted((BASE_DIR / "coachsite" / "settings").glob("*.py"))
# `env("NAME", …)`, `env.int("NAME", …)`, `throttle_rate("NAME", …)`
READ = re.compile(r'(?:\benv(?:\.\w+)?|\bthrottle_rate)\(\s*"([A-Z][A-Z0-9_]*)"')


def variables() -> list[str]:
    return sorted({name for path in SETTINGS for name in READ.findall(path.read_text())})


def test_the_settings_are_found_to_read_variables():
    assert {"DATABASE_URL", "WOD_DAILY_CRON", "WOD_DAILY_LOCAL_HOUR"} <= set(variables())


@pytest.mark.parametrize("name", variables())
def test_each_variable_is_documented_and_listed_in_the_example(name):
    configuration = (BASE_DIR / "docs" / "CONFIGURATION.md").read_text()
    example = (BASE_DIR / ".env.example").read_text()

    assert f"| `{name}`" in configuration or f", `{name}`" in configuration
    # Set, or shown commented out where a value would be wrong for most readers.
    assert re.search(rf"^(# ?)?{name}=", example, re.MULTILINE)
