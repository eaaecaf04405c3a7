"""The shipped catalogue (exercises/data/catalogue.json) as the engine reads it, without a
database: substitutes by name become ids in file order, as `load_catalogue` numbers them."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from coaching.catalogue import CatalogueExercise, PerLevel

CATALOGUE_JSON = Path(__file__).resolve().parents[2] / "exercises" / "data" / "catalogue.json"


@cache
def shipped_catalogue() -> tuple[CatalogueExercise, ...]:
    items = json.loads(CATALOGUE_JSON.read_text())["exercises"]
    ids = {item["name"]: number for number, item in enumerate(items, start=1)}
    return tuple(
        CatalogueExercise(
            id=ids[item["name"]],
            name=item["name"],
            modality=item["modality"],
            difficulty=item["difficulty"],
            primary_muscle_group=item["primary_muscle_group"],
            equipment=frozenset(item["equipment"]),
            measurement=item["measurement"],
            load_kg=item["load_kg"],
            load_women_kg=item["load_women_kg"],
            load_scaled_kg=item["load_scaled_kg"],
            roles=frozenset(item["roles"]),
            pattern=item["pattern"],
            family=item["family"],
            pace_s=PerLevel(**item["pace_s"]),
            min_per_bout=item["min_per_bout"],
            max_per_bout=PerLevel(**item["max_per_bout"]),
            max_per_session=PerLevel(**item["max_per_session"]),
            cap_group=item["cap_group"],
            needs=frozenset(item["needs"]),
            pairs_with=frozenset(item["pairs_with"]),
            scaled_substitute_id=ids.get(item["scaled_substitute"]),
            beginner_substitute_id=ids.get(item["beginner_substitute"]),
        )
        for item in items
    )
