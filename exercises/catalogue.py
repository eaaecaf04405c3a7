"""The exercise catalogue shipped with the project (`exercises/data/catalogue.json`).

`catalogue_sync` takes the model classes as arguments so that the data migration can pass
its historical models and the `load_catalogue` command the current ones.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

CATALOGUE_PATH = Path(__file__).resolve().parent / "data" / "catalogue.json"


@dataclass(frozen=True)
class CatalogueSyncResult:
    created: int
    updated: int


def catalogue_read(*, path: Path = CATALOGUE_PATH) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def catalogue_sync(
    *,
    data: dict[str, Any],
    muscle_group_model: Any,
    equipment_model: Any,
    exercise_model: Any,
) -> CatalogueSyncResult:
    """Create or update every muscle group, equipment item and exercise of `data`, by slug/name.

    Idempotent: a second run with the same data changes nothing. Exercises that are no longer
    in the data are kept (WODs refer to them) but staff may deactivate them.
    """
    muscles = {
        item["slug"]: muscle_group_model.objects.update_or_create(
            slug=item["slug"], defaults={"name": item["name"]}
        )[0]
        for item in data["muscle_groups"]
    }
    equipment = {
        item["slug"]: equipment_model.objects.update_or_create(
            slug=item["slug"], defaults={"name": item["name"]}
        )[0]
        for item in data["equipment"]
    }
    created = updated = 0
    for item in data["exercises"]:
        defaults = {
            "description": item["description"],
            "modality": item["modality"],
            "difficulty": item["difficulty"],
            "primary_muscle_group": muscles[item["primary_muscle_group"]],
            "measurement": item["measurement"],
            "load_kg": item["load_kg"],
        }
        try:
            # Choices and validators are not enforced by the database (only the difficulty's
            # range is, as an IntegrityError): check them before writing.
            exercise_model(name=item["name"], **defaults).clean_fields(
                exclude=["primary_muscle_group"]
            )
        except ValidationError as error:
            raise ValidationError(
                f"exercise {item['name']!r}: {'; '.join(error.messages)}"
            ) from error
        exercise, was_created = exercise_model.objects.update_or_create(
            name=item["name"], defaults=defaults
        )
        exercise.secondary_muscle_groups.set(
            [muscles[slug] for slug in item["secondary_muscle_groups"]]
        )
        exercise.equipment.set([equipment[slug] for slug in item["equipment"]])
        created += was_created
        updated += not was_created
    return CatalogueSyncResult(created=created, updated=updated)
