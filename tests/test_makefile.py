"""`make help` lists every target a person runs, so a new one cannot be left out."""

import re
import subprocess
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
MAKEFILE = PROJECT / "Makefile"
# A rule's head: names before a single colon (not `:=`, not `::`), at the start of a line.
# File targets such as `$(VENV)/.dev-installed` start with `$` and are left out: they are
# build stamps, not commands.
RULE_HEAD = re.compile(r"^([A-Za-z0-9][\w.-]*(?:[ \t]+[A-Za-z0-9][\w.-]*)*)[ \t]*:(?![:=])")


def rule_targets() -> list[str]:
    targets = []
    for line in MAKEFILE.read_text().splitlines():
        if match := RULE_HEAD.match(line):
            targets.extend(match.group(1).split())
    return targets


def phony_targets() -> set[str]:
    declaration = re.search(r"^\.PHONY:((?:.*\\\n)*.*)$", MAKEFILE.read_text(), re.MULTILINE)
    assert declaration is not None, "the Makefile declares no .PHONY targets"
    return set(declaration.group(1).replace("\\\n", " ").split())


def make_help() -> dict[str, str]:
    result = subprocess.run(
        ["make", "--no-print-directory", "help"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    listed = {}
    for line in result.stdout.splitlines():
        _, target, description = line.split(maxsplit=2)
        listed[target] = description
    return listed


def test_make_help_lists_every_target_of_the_makefile_with_a_description():
    listed = make_help()

    assert sorted(listed) == sorted(rule_targets())
    assert all(description.strip() for description in listed.values())


def test_every_target_a_person_runs_is_phony():
    assert phony_targets() == set(rule_targets())


def test_make_without_a_target_prints_the_help():
    plain = subprocess.run(
        ["make", "--no-print-directory"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )

    assert plain.stdout.splitlines()[0].split()[:2] == ["make", "help"]
    assert "make run" in plain.stdout
    assert "make test" in plain.stdout
