"""The exercise catalogue shipped with the project (`exercises/data/catalogue.json`).

`catalogue_sync` takes the model classes as arguments so that the data migration can pass
its historical models and the `load_catalogue` command the current ones. The migration that
loads the catalogue must run after every migration of `Exercise`'s fields (it is
`0005_load_coaching_catalogue`; a later field moves the load after it), since the data holds
every field.
"""

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from exercises.rules import LEVELS, PER_LEVEL_FIELDS, exercise_coaching_errors, per_level_field

CATALOGUE_PATH = Path(__file__).resolve().parent / "data" / "catalogue.json"

# The keys of an exercise in the JSON, besides its name, and the fields they fill.
SCALAR_KEYS = (
    "description",
    "modality",
    "difficulty",
    "measurement",
    "load_kg",
    "load_women_kg",
    "load_scaled_kg",
    "roles",
    "pattern",
    "family",
    "min_per_bout",
    "cap_group",
    "needs",
)
DECIMAL_KEYS = frozenset({"load_kg", "load_women_kg", "load_scaled_kg", "pace_s"})
SLUG_KEYS = ("primary_muscle_group", "secondary_muscle_groups", "equipment", "pairs_with")
SUBSTITUTE_KEYS = ("scaled_substitute", "beginner_substitute")
EXERCISE_KEYS = ("name", *SCALAR_KEYS, *PER_LEVEL_FIELDS, *SLUG_KEYS, *SUBSTITUTE_KEYS)
# A field's errors name it as the JSON does: `pace_beginner_s` is `pace_s.beginner`.
JSON_KEY_OF_FIELD = {
    per_level_field(key, level): f"{key}.{level}" for key in PER_LEVEL_FIELDS for level in LEVELS
}
MAX_REPORTED_ERRORS = 30


@dataclass(frozen=True)
class CatalogueSyncResult:
    created: int
    updated: int


def catalogue_read(*, path: Path = CATALOGUE_PATH) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _json_value(key: str, value: Any) -> Any:
    # A JSON number is a float: 0.35 as a Decimal through its text, not its binary value.
    if key in DECIMAL_KEYS and isinstance(value, float | int) and not isinstance(value, bool):
        return Decimal(str(value))
    return value


@dataclass
class CatalogueEntry:
    """One exercise of the data, checked, with what its rows need once written."""

    item: dict[str, Any]
    exercise: Any  # an unsaved exercise_model carrying the scalar and per-level fields
    slugs: dict[str, list[str]]


def _terms(data: dict[str, Any], section: str) -> dict[str, str]:
    items = data.get(section) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ValidationError(f"section {section!r} is missing or not a list")
    terms = {}
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not {"slug", "name"} <= set(item):
            raise ValidationError(f"{section} #{number}: needs a slug and a name")
        terms[item["slug"]] = item["name"]
    return terms


def catalogue_check(
    *, data: dict[str, Any], exercise_model: Any
) -> tuple[dict[str, str], dict[str, str], list[CatalogueEntry]]:
    """Check every value of `data` before anything is written; return what to write.

    Raises a ValidationError whose messages each name the exercise and the field (as the JSON
    spells it), for every problem found (up to MAX_REPORTED_ERRORS).
    """
    muscles, equipment = _terms(data, "muscle_groups"), _terms(data, "equipment")
    items = data.get("exercises")
    if not isinstance(items, list):
        raise ValidationError("section 'exercises' is missing or not a list")
    problems: list[str] = []
    entries: dict[str, CatalogueEntry] = {}
    refused: set[str] = set()  # names whose entries have problems of their own
    for number, item in enumerate(items, start=1):
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name:
            problems.append(f"exercise #{number}: name: missing")
            continue
        label = f"exercise {name!r}"
        if name in entries:
            problems.append(f"{label}: name: repeated")
            continue
        if missing := [key for key in EXERCISE_KEYS if key not in item]:
            problems.append(f"{label}: {', '.join(missing)}: missing")
            refused.add(name)
            continue
        entry, entry_problems = _entry(item, exercise_model, muscles, equipment)
        problems += [f"{label}: {problem}" for problem in entry_problems]
        if entry is None:
            refused.add(name)
        else:
            entries[name] = entry
    existing = {
        row.name: row
        for row in exercise_model.objects.filter(
            name__in={
                entry.item[key]
                for entry in entries.values()
                for key in SUBSTITUTE_KEYS
                if isinstance(entry.item[key], str) and entry.item[key] not in entries
            }
        )
    }
    for name, entry in entries.items():
        substitutes = {}
        for key in SUBSTITUTE_KEYS:
            value = entry.item[key]
            if value is None:
                substitutes[key] = None
            elif not isinstance(value, str):
                problems.append(f"exercise {name!r}: {key}: must be an exercise's name or null")
            elif value in entries:
                substitutes[key] = entries[value].exercise
            elif value in existing:
                substitutes[key] = existing[value]
            elif value not in refused:
                problems.append(f"exercise {name!r}: {key}: unknown exercise {value!r}")
        if len(substitutes) < len(SUBSTITUTE_KEYS):
            continue
        for field, messages in exercise_coaching_errors(
            entry.exercise,
            scaled_substitute=substitutes["scaled_substitute"],
            beginner_substitute=substitutes["beginner_substitute"],
        ).items():
            key = JSON_KEY_OF_FIELD.get(field, field)
            problems += [f"exercise {name!r}: {key}: {message}" for message in messages]
    if problems:
        shown = problems[:MAX_REPORTED_ERRORS]
        if len(problems) > len(shown):
            shown.append(f"and {len(problems) - len(shown)} more")
        raise ValidationError(shown)
    return muscles, equipment, list(entries.values())


def _entry(
    item: dict[str, Any], exercise_model: Any, muscles: dict[str, str], equipment: dict[str, str]
) -> tuple[CatalogueEntry | None, list[str]]:
    problems = []
    fields = {key: _json_value(key, item[key]) for key in SCALAR_KEYS}
    for key in PER_LEVEL_FIELDS:
        value = item[key]
        if not isinstance(value, dict) or set(value) != set(LEVELS):
            problems.append(f"{key}: must hold exactly {', '.join(LEVELS)}")
            continue
        for level in LEVELS:
            fields[per_level_field(key, level)] = _json_value(key, value[level])
    slugs = {}
    for key, known in (
        ("primary_muscle_group", muscles),
        ("secondary_muscle_groups", muscles),
        ("equipment", equipment),
        ("pairs_with", equipment),
    ):
        value = item[key]
        values = [value] if key == "primary_muscle_group" else value
        if not isinstance(values, list) or not all(isinstance(slug, str) for slug in values):
            kind = "a slug" if key == "primary_muscle_group" else "a list of slugs"
            problems.append(f"{key}: must be {kind}")
            continue
        if unknown := [slug for slug in values if slug not in known]:
            problems.append(f"{key}: unknown {', '.join(map(repr, unknown))}")
        elif key == "equipment" and not values:
            problems.append("equipment: needs at least one item (bodyweight when nothing)")
        slugs[key] = values
    if problems:
        return None, problems
    exercise = exercise_model(name=item["name"], **fields)
    try:
        exercise.clean_fields(
            exclude=["primary_muscle_group", "scaled_substitute", "beginner_substitute"]
        )
    except ValidationError as error:
        return None, [
            f"{JSON_KEY_OF_FIELD.get(field, field)}: {' '.join(messages)}"
            for field, messages in error.message_dict.items()
        ]
    return CatalogueEntry(item=item, exercise=exercise, slugs=slugs), []


@transaction.atomic
def catalogue_sync(
    *,
    data: dict[str, Any],
    muscle_group_model: Any,
    equipment_model: Any,
    exercise_model: Any,
) -> CatalogueSyncResult:
    """Create or update every muscle group, equipment item and exercise of `data`, by slug/name.

    Everything is checked first (`catalogue_check`): a ValidationError leaves the database as
    it was. Idempotent: a second run with the same data changes nothing. Exercises that are no
    longer in the data are kept (WODs refer to them) but staff may deactivate them.
    """
    muscle_names, equipment_names, entries = catalogue_check(
        data=data, exercise_model=exercise_model
    )
    muscles = {
        slug: muscle_group_model.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in muscle_names.items()
    }
    equipment = {
        slug: equipment_model.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in equipment_names.items()
    }
    created = updated = 0
    rows = {}
    for entry in entries:
        checked = entry.exercise
        defaults = {
            field.attname: getattr(checked, field.attname)
            for field in checked._meta.concrete_fields
            if field.attname not in {"id", "name", "updated_at", "is_active"}
            and not field.is_relation
        }
        defaults["primary_muscle_group"] = muscles[entry.slugs["primary_muscle_group"][0]]
        exercise, was_created = exercise_model.objects.update_or_create(
            name=checked.name, defaults=defaults
        )
        exercise.secondary_muscle_groups.set(
            [muscles[slug] for slug in entry.slugs["secondary_muscle_groups"]]
        )
        exercise.equipment.set([equipment[slug] for slug in entry.slugs["equipment"]])
        exercise.pairs_with.set([equipment[slug] for slug in entry.slugs["pairs_with"]])
        rows[exercise.name] = exercise
        created += was_created
        updated += not was_created
    # Substitutes name exercises of the data or already in the database.
    others = {
        row.name: row
        for row in exercise_model.objects.filter(
            name__in={entry.item[key] for entry in entries for key in SUBSTITUTE_KEYS} - set(rows)
        )
    }
    for entry in entries:
        exercise = rows[entry.item["name"]]
        changed = []
        for key in SUBSTITUTE_KEYS:
            name = entry.item[key]
            substitute_id = None if name is None else (rows.get(name) or others[name]).pk
            if getattr(exercise, f"{key}_id") != substitute_id:
                setattr(exercise, f"{key}_id", substitute_id)
                changed.append(key)
        if changed:
            exercise.save(update_fields=[*changed, "updated_at"])
    return CatalogueSyncResult(created=created, updated=updated)
