"""Which package may import which: every project file's imports, read with `ast`, against a map.

`PACKAGES` is the map; the README's "Where things live" mirrors it. A module follows the
entry of the longest prefix of its name; an app's `tests` follow their app's entry and may
also import `testing` and any third-party package. Above every entry: pika is spoken only in
`wods.broker` (and its tests) and `bench`, and nothing imports `conftest`.
"""

import ast
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_FOLDERS = {".venv", ".git", "__pycache__", "node_modules", "staticfiles"}
STDLIB = frozenset(sys.stdlib_module_names) | {"__future__"}
ANYTHING = None


@dataclass(frozen=True)
class Package:
    """What modules under `name` may import besides `name` itself."""

    name: str
    project: tuple[str, ...] | None  # project packages or modules; None: anything
    third_party: tuple[str, ...] | None = ANYTHING  # () for the standard library only


PACKAGES = [
    Package("coaching", project=(), third_party=()),
    Package("coachsite", project=("coaching",)),
    # The URLconf includes the apps' URL modules, and those only.
    Package(
        "coachsite.urls",
        project=("coachsite", "coaching", "users.urls", "exercises.urls", "wods.urls"),
    ),
    Package("users", project=("coachsite", "coaching", "exercises.models")),
    Package("exercises", project=("coachsite", "coaching")),
    Package("wods", project=("coachsite", "coaching", "users", "exercises")),
    Package(
        "wods.broker", project=("coachsite.logs",), third_party=("pika", "requests", "django.conf")
    ),
    Package("testing", project=ANYTHING),
    Package("tests", project=ANYTHING),
    Package("bench", project=ANYTHING),
    Package("conftest", project=ANYTHING),
    Package("manage", project=ANYTHING),
    Package(".ci", project=ANYTHING),  # CI's own scripts
    Package("docker", project=ANYTHING),  # gunicorn's configuration
]
PIKA_SPEAKERS = ("wods.broker", "bench")
PROJECT = frozenset(package.name.split(".")[0] for package in PACKAGES)


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(f"{prefix}.") for prefix in prefixes)


def package_of(module: str) -> tuple[Package, bool]:
    """The map entry a module follows, and whether the module is a test of that package."""
    parts = module.split(".")
    is_test = "tests" in parts[1:]
    if is_test:
        module = ".".join(parts[: parts.index("tests", 1)])
    matches = [package for package in PACKAGES if within(module, (package.name,))]
    if not matches:
        raise LookupError(f"{module} is in no package of the map: add it to PACKAGES")
    return max(matches, key=lambda package: len(package.name)), is_test


def imported_names(source: str, module: str, *, is_package: bool = False) -> Iterator[str]:
    """Every module or name imported, fully qualified (`from a import b` gives `a.b`)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".") if is_package else module.split(".")[:-1]
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            for alias in node.names:
                yield base if alias.name == "*" else f"{base}.{alias.name}"


def forbidden(module: str, imported: str) -> str | None:
    """Why `module` may not import `imported`, or None when it may."""
    top = imported.split(".")[0]
    if top == "conftest":
        return "imports conftest: helpers that tests import live in testing/"
    if top == "pika" and not within(module, PIKA_SPEAKERS):
        return "imports pika: only wods.broker speaks AMQP (and bench's peers)"
    package, is_test = package_of(module)
    if top in PROJECT:
        allowed = package.project
        if allowed is not ANYTHING and is_test:
            allowed = (*allowed, "testing")
        if allowed is not ANYTHING and not within(imported, (package.name, *allowed)):
            return f"imports {imported}: {package.name} may import only {', '.join(allowed)}"
        return None
    third_party = ANYTHING if is_test or top in STDLIB else package.third_party
    if third_party is not ANYTHING and not within(imported, third_party):
        others = ", ".join(third_party) or "nothing but the standard library"
        return f"imports {imported}: {package.name} may import {others}"
    return None


def violations(source: str, path: str) -> list[str]:
    """What a file at `path` (relative to the project) imports against the map."""
    parts = Path(path).with_suffix("").parts
    is_package = parts[-1] == "__init__"
    module = ".".join(parts[:-1] if is_package else parts)
    return [
        f"{path}: {reason}"
        for imported in imported_names(source, module, is_package=is_package)
        if (reason := forbidden(module, imported))
    ]


def project_files() -> Iterator[Path]:
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED_FOLDERS)
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(folder, name).relative_to(ROOT)


# The project
# ------------------------------------------------------------------------------


def test_every_project_file_imports_only_what_the_map_allows():
    found = [
        violation
        for path in project_files()
        for violation in violations((ROOT / path).read_text(), str(path))
    ]

    assert found == []


def test_the_readme_map_has_a_row_for_each_package_of_the_map_and_no_other():
    """The README's "Where things live" table and `PACKAGES` name the same packages."""
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Where things live", 1)[1].split("\n\n", 2)[1]
    rows = {
        line.split("|")[1].strip().strip("`").rstrip("/").replace("/", ".")
        for line in table.splitlines()
        if line.startswith("| `")
    }
    folders = {
        package.name
        for package in PACKAGES
        if (ROOT / package.name.replace(".", "/")).is_dir() and package.name != ".ci"
    }

    assert rows - {"ops"} == folders


def test_the_walk_reads_every_package_of_the_project():
    modules = {path.parts[0] for path in project_files()}

    assert {"coachsite", "users", "exercises", "wods", "testing", "tests", "bench"} <= modules
    assert Path("wods/broker/consumer.py") in set(project_files())
    assert not any(".venv" in path.parts for path in project_files())


# The checker, on sources written here
# ------------------------------------------------------------------------------


def written(source: str) -> str:
    """The sources below say {pika} and {conftest}, so that grepping the project for pika or
    conftest imports finds only real ones."""
    return source.format(pika="pika", conftest="conftest")


@pytest.mark.parametrize(
    ("path", "source", "reason"),
    [
        ("wods/services.py", "import {pika}", "imports pika"),
        ("testing/broker.py", "from {pika} import BasicProperties", "imports pika"),
        ("conftest.py", "import {pika}.exceptions", "imports pika"),
        ("wods/broker/topology.py", "from django.db import models", "imports django.db.models"),
        ("wods/broker/consumer.py", "from wods.services import fulfil", "wods.services.fulfil"),
        ("wods/broker/consumer.py", "from wods import models", "imports wods.models"),
        ("wods/broker/consumer.py", "from ..selectors import x", "imports wods.selectors.x"),
        ("wods/broker/stats.py", "import prometheus_client", "imports prometheus_client"),
        ("coachsite/metrics.py", "from wods.metrics import Collector", "imports wods.metrics"),
        ("coachsite/urls.py", "from wods.models import Wod", "imports wods.models.Wod"),
        ("coachsite/tests/test_x.py", "from users.models import User", "imports users"),
        ("exercises/models.py", "from wods.models import Wod", "imports wods.models.Wod"),
        ("users/tests/test_apis.py", "from {conftest} import client_for", "imports conftest"),
        ("coaching/generator.py", "import django", "imports django"),
        ("coaching/generator.py", "from users.models import Goal", "imports users.models"),
        ("newapp/views.py", "import json", "in no package of the map"),
    ],
)
def test_the_checker_finds_a_forbidden_import(path, source, reason):
    try:
        found = violations(written(source), path)
    except LookupError as error:
        found = [str(error)]

    assert len(found) == 1
    assert reason in found[0]


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("wods/broker/consumer.py", "import {pika}.exceptions\nfrom django.conf import settings"),
        ("wods/broker/publisher.py", "from coachsite.logs import request_extra"),
        ("wods/broker/tests/test_x.py", "import pytest\nfrom testing.broker import Broker"),
        ("wods/services.py", "from wods.broker.publisher import publish_confirmed"),
        ("wods/apps.py", "def ready():\n    from coachsite.health import register"),
        ("coachsite/urls.py", "from wods.urls import router\nfrom coachsite.api_root import R"),
        ("coachsite/tests/test_x.py", "from testing.probes import wait_until"),
        ("users/models.py", "from exercises.models import Equipment"),
        ("coaching/vocabulary.py", "from enum import StrEnum\nfrom . import generator"),
        ("bench/run.py", "import {pika}\nfrom wods.models import Wod"),
    ],
)
def test_the_checker_lets_an_allowed_import_through(path, source):
    assert violations(written(source), path) == []
