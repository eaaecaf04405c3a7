"""Request bodies for the catalogue API's tests."""


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
        **fields,
    }
