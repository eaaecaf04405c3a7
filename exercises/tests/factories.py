"""Request bodies and rows for the catalogue's tests."""

from decimal import Decimal


def new_exercise(**fields) -> dict:
    """A valid body for `POST /api/exercises/`, with `fields` changed."""
    return {
        "name": "Sandbag Bear Hug Carry",
        "description": "Hug the bag high on the chest and walk.",
        "modality": "weightlifting",
        "difficulty": 2,
        "primary_muscle_group": "upper_back",
        "secondary_muscle_groups": ["core", "biceps"],
        "equipment": ["sandbag"],
        "measurement": "distance",
        "load_kg": "45.0",
        "load_women_kg": "30.0",
        "load_scaled_kg": "30.0",
        "roles": ["metcon", "strength"],
        "pattern": "carry",
        "family": "carry",
        "pace_s": {"beginner": "0.900", "intermediate": "0.700", "advanced": "0.550"},
        "min_per_bout": 20,
        "max_per_bout": {"beginner": 40, "intermediate": 80, "advanced": 100},
        "max_per_session": {"beginner": 150, "intermediate": 300, "advanced": 400},
        "cap_group": "",
        "needs": ["lane"],
        "pairs_with": [],
        "scaled_substitute": None,
        "beginner_substitute": None,
        **fields,
    }


def coaching_fields(**fields) -> dict:
    """Valid coaching data for `Exercise.objects.create` (a bodyweight rep movement)."""
    return {
        "roles": ["metcon"],
        "pattern": "core",
        "family": "coach_special",
        "pace_beginner_s": Decimal("3.0"),
        "pace_intermediate_s": Decimal("2.5"),
        "pace_advanced_s": Decimal("2.0"),
        "min_per_bout": 5,
        "max_per_bout_beginner": 10,
        "max_per_bout_intermediate": 15,
        "max_per_bout_advanced": 20,
        "max_per_session_beginner": 40,
        "max_per_session_intermediate": 60,
        "max_per_session_advanced": 80,
        **fields,
    }
