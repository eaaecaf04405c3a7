"""The coaching data's migrations upgrade a database that holds the catalogue without it.

A fresh database is what every other test runs on (the test database is migrated from
nothing); this one goes back to 0003, as databases stood before the coaching data, and forward
again.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from exercises.catalogue import catalogue_read
from exercises.models import Exercise

BEFORE = [("exercises", "0003_exercise_updated_at")]
GONE_BEFORE = ["Knee Push-Up", "Couch Stretch", "Half Turkish Get-Up"]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_an_existing_catalogue_gets_its_coaching_data_new_exercises_and_placeholders(catalogue):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("exercises")
    old_apps = migrate(BEFORE).loader.project_state(BEFORE).apps
    old_exercise = old_apps.get_model("exercises", "Exercise")
    old_exercise.objects.filter(name__in=GONE_BEFORE).delete()
    old_exercise.objects.create(
        name="Coach Special",
        modality="gymnastics",
        difficulty=3,
        primary_muscle_group=old_apps.get_model("exercises", "MuscleGroup").objects.get(
            slug="core"
        ),
        load_kg=Decimal(20),
    )

    migrate(latest)

    shipped = {item["name"]: item for item in catalogue_read()["exercises"]}
    assert set(Exercise.objects.values_list("name", flat=True)) == {*shipped, "Coach Special"}
    pull_up = Exercise.objects.get(name="Pull-Up")
    assert (pull_up.family, pull_up.max_per_session_advanced) == ("pull_up", 100)
    assert pull_up.beginner_substitute.name == "Ring Row"
    assert Exercise.objects.get(name="Knee Push-Up").roles == shipped["Knee Push-Up"]["roles"]
    special = Exercise.objects.get(name="Coach Special")
    assert (special.family, special.roles) == ("coach-special", ["metcon"])
    assert special.load_women_kg == special.load_scaled_kg == Decimal(20)
    special.full_clean()
