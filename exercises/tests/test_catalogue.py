"""The shipped catalogue: loaded by the data migration, coherent, and reloadable idempotently."""

import json
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from exercises.catalogue import CATALOGUE_PATH, catalogue_read
from exercises.models import Equipment, Exercise, Modality, MuscleGroup
from exercises.tests.factories import coaching_fields


def counts() -> tuple[int, int, int]:
    return Exercise.objects.count(), MuscleGroup.objects.count(), Equipment.objects.count()


@pytest.fixture
def exercises() -> list[Exercise]:
    return list(
        Exercise.objects.select_related("primary_muscle_group").prefetch_related(
            "secondary_muscle_groups", "equipment"
        )
    )


# Size and integrity
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_migration_loads_at_least_60_active_exercises():
    assert Exercise.objects.filter(is_active=True).count() >= 60


@pytest.mark.django_db
def test_every_modality_has_at_least_15_exercises():
    per_modality = Counter(Exercise.objects.values_list("modality", flat=True))

    assert set(per_modality) == set(Modality.values)
    assert all(per_modality[modality] >= 15 for modality in Modality.values), per_modality


@pytest.mark.django_db
def test_every_exercise_has_a_known_modality_and_a_difficulty_from_1_to_5(exercises):
    assert all(exercise.modality in Modality.values for exercise in exercises)
    assert all(1 <= exercise.difficulty <= 5 for exercise in exercises)


@pytest.mark.django_db
def test_every_exercise_has_a_primary_muscle_group_and_some_equipment(exercises):
    assert all(exercise.primary_muscle_group_id for exercise in exercises)
    missing = [e.name for e in exercises if not e.equipment.all()]
    assert missing == []


@pytest.mark.django_db
def test_bodyweight_is_never_mixed_with_other_equipment(exercises):
    mixed = [
        exercise.name
        for exercise in exercises
        if len(slugs := {item.slug for item in exercise.equipment.all()}) > 1
        and Equipment.BODYWEIGHT_SLUG in slugs
    ]

    assert mixed == []


@pytest.mark.django_db
def test_secondary_muscle_groups_never_repeat_the_primary(exercises):
    repeated = [
        exercise.name
        for exercise in exercises
        if exercise.primary_muscle_group in exercise.secondary_muscle_groups.all()
    ]

    assert repeated == []


@pytest.mark.django_db
def test_every_exercise_has_a_description(exercises):
    assert [exercise.name for exercise in exercises if not exercise.description.strip()] == []


# The JSON and the database
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_database_holds_exactly_the_exercises_of_the_json():
    data = catalogue_read()

    names = [item["name"] for item in data["exercises"]]

    assert len(names) == len(set(names)), "duplicate names in catalogue.json"
    assert set(Exercise.objects.values_list("name", flat=True)) == set(names)


@pytest.mark.django_db
def test_the_database_holds_the_muscle_groups_and_equipment_of_the_json():
    data = catalogue_read()

    assert set(MuscleGroup.objects.values_list("slug", flat=True)) == {
        item["slug"] for item in data["muscle_groups"]
    }
    assert set(Equipment.objects.values_list("slug", flat=True)) == {
        item["slug"] for item in data["equipment"]
    }
    assert Equipment.objects.filter(slug=Equipment.BODYWEIGHT_SLUG).exists()


@pytest.mark.django_db
def test_each_exercise_in_the_database_matches_its_json_entry(exercises):
    by_name = {item["name"]: item for item in catalogue_read()["exercises"]}

    for exercise in exercises:
        item = by_name[exercise.name]
        assert exercise.modality == item["modality"], exercise.name
        assert exercise.difficulty == item["difficulty"], exercise.name
        assert exercise.primary_muscle_group.slug == item["primary_muscle_group"], exercise.name
        assert {m.slug for m in exercise.secondary_muscle_groups.all()} == set(
            item["secondary_muscle_groups"]
        ), exercise.name
        assert {e.slug for e in exercise.equipment.all()} == set(item["equipment"]), exercise.name
        assert exercise.measurement == item["measurement"], exercise.name


# load_catalogue
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_catalogue_twice_changes_nothing_and_creates_nothing():
    before = counts()

    first, second = StringIO(), StringIO()
    call_command("load_catalogue", stdout=first)
    call_command("load_catalogue", stdout=second)

    assert counts() == before
    total = len(catalogue_read()["exercises"])
    assert f"0 exercises created, {total} up to date" in first.getvalue()
    assert f"0 exercises created, {total} up to date" in second.getvalue()


@pytest.mark.django_db
def test_load_catalogue_restores_an_edited_exercise_and_recreates_a_deleted_one():
    squat = Exercise.objects.get(name="Back Squat")
    squat.difficulty = 5
    squat.save()
    squat.equipment.clear()
    Exercise.objects.filter(name="Air Squat").delete()

    out = StringIO()
    call_command("load_catalogue", stdout=out)

    squat.refresh_from_db()
    assert squat.difficulty == 2
    assert list(squat.equipment.values_list("slug", flat=True)) == ["barbell"]
    assert Exercise.objects.filter(name="Air Squat").exists()
    assert "1 exercises created" in out.getvalue()


@pytest.mark.django_db
def test_load_catalogue_keeps_an_exercise_that_is_not_in_the_json():
    extra = Exercise.objects.create(
        name="Coach Special",
        modality=Modality.GYMNASTICS,
        difficulty=3,
        primary_muscle_group=MuscleGroup.objects.get(slug="core"),
        **coaching_fields(),
    )

    call_command("load_catalogue", stdout=StringIO())

    assert Exercise.objects.filter(pk=extra.pk).exists()


@pytest.mark.django_db
def test_load_catalogue_with_a_missing_file_raises_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_catalogue", path=str(tmp_path / "nope.json"), stdout=StringIO())


@pytest.mark.django_db
def test_load_catalogue_with_malformed_json_raises_a_command_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"muscle_groups": [', encoding="utf-8")

    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_catalogue", "--path", str(path), stdout=StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        pytest.param([], id="a-list"),
        pytest.param({"muscle_groups": []}, id="missing-sections"),
        pytest.param({"muscle_groups": [{"name": "No slug"}]}, id="missing-slug"),
    ],
)
def test_load_catalogue_with_a_malformed_catalogue_raises_a_command_error(tmp_path, content):
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(content), encoding="utf-8")

    with pytest.raises(CommandError, match="malformed"):
        call_command("load_catalogue", path=str(path), stdout=StringIO())


@pytest.mark.django_db
def test_a_catalogue_with_an_unknown_muscle_slug_fails_without_writing_anything(tmp_path):
    data = catalogue_read()
    data["muscle_groups"].append({"slug": "neck", "name": "Neck"})
    data["exercises"][0]["difficulty"] = 4
    data["exercises"][-1]["primary_muscle_group"] = "tail"
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = counts()

    with pytest.raises(CommandError, match="malformed"):
        call_command("load_catalogue", path=str(path), stdout=StringIO())

    assert counts() == before
    assert not MuscleGroup.objects.filter(slug="neck").exists()
    assert Exercise.objects.get(name=data["exercises"][0]["name"]).difficulty != 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("modality", "cardio"),
        ("difficulty", 9),
        ("difficulty", "hard"),
        ("measurement", "furlongs"),
        ("load_kg", "heavy"),
    ],
)
def test_a_catalogue_with_an_invalid_value_raises_a_command_error_naming_the_exercise(
    tmp_path, field, value
):
    data = catalogue_read()
    name = data["exercises"][0]["name"]
    data["exercises"][0][field] = value
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(CommandError, match="malformed") as caught:
        call_command("load_catalogue", path=str(path), stdout=StringIO())

    assert name in str(caught.value)
    assert Exercise.objects.filter(name=name).values_list(field, flat=True).get() != value


def test_the_shipped_json_is_where_the_command_looks_by_default():
    assert CATALOGUE_PATH.is_file()
    assert CATALOGUE_PATH.name == "catalogue.json"
