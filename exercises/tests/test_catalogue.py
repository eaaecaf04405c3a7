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


# load_catalogue checks the coaching data before writing anything
# ------------------------------------------------------------------------------


def by_name(data: dict, name: str) -> dict:
    return next(item for item in data["exercises"] if item["name"] == name)


def set_in(data: dict, name: str, **values) -> None:
    by_name(data, name).update(values)


def set_level(data: dict, name: str, key: str, level: str, value) -> None:
    by_name(data, name)[key] = {**by_name(data, name)[key], level: value}


COACHING_MISTAKES = [
    pytest.param(
        lambda d: set_level(d, "Run", "pace_s", "beginner", 0.2),
        "Run",
        "pace_s.beginner",
        id="pace-not-slowest-at-beginner",
    ),
    pytest.param(
        lambda d: set_level(d, "Burpee", "max_per_session", "advanced", 80),
        "Burpee",
        "max_per_session.advanced",
        id="session-cap-shrinking-with-level",
    ),
    pytest.param(
        lambda d: set_level(d, "Wall Walk", "max_per_bout", "advanced", 2),
        "Wall Walk",
        "max_per_bout.advanced",
        id="bout-cap-shrinking-with-level",
    ),
    pytest.param(
        lambda d: set_level(d, "Turkish Get-Up", "max_per_bout", "advanced", 20),
        "Turkish Get-Up",
        "max_per_bout.advanced",
        id="bout-above-session",
    ),
    pytest.param(
        lambda d: set_in(d, "Row", min_per_bout=40),
        "Row",
        "min_per_bout",
        id="min-above-max-per-bout",
    ),
    pytest.param(
        lambda d: set_in(d, "Thruster", load_women_kg=None),
        "Thruster",
        "load_women_kg",
        id="women-load-missing",
    ),
    pytest.param(
        lambda d: set_in(d, "Air Squat", load_scaled_kg=10),
        "Air Squat",
        "load_scaled_kg",
        id="scaled-load-without-rx",
    ),
    pytest.param(
        lambda d: set_in(d, "Deadlift", load_women_kg=110),
        "Deadlift",
        "load_women_kg",
        id="women-load-above-men",
    ),
    pytest.param(
        lambda d: set_in(d, "Deadlift", load_scaled_kg=120),
        "Deadlift",
        "load_scaled_kg",
        id="scaled-load-above-rx",
    ),
    pytest.param(lambda d: set_in(d, "Sit-Up", roles=[]), "Sit-Up", "roles", id="no-role"),
    pytest.param(
        lambda d: set_in(d, "Sit-Up", roles=["metcon", "cardio"]),
        "Sit-Up",
        "roles",
        id="unknown-role",
    ),
    pytest.param(
        lambda d: set_in(d, "Sit-Up", pattern="twist"), "Sit-Up", "pattern", id="unknown-pattern"
    ),
    pytest.param(
        lambda d: set_in(d, "Run", needs=["lane", "lane"]), "Run", "needs", id="repeated-need"
    ),
    pytest.param(lambda d: set_in(d, "Run", needs=["track"]), "Run", "needs", id="unknown-need"),
    pytest.param(
        lambda d: set_in(d, "Sit-Up", cap_group="abs"), "Sit-Up", "cap_group", id="unknown-group"
    ),
    pytest.param(
        lambda d: set_in(d, "Sit-Up", family="Sit Ups!"), "Sit-Up", "family", id="family-no-slug"
    ),
    pytest.param(
        lambda d: set_in(d, "Bar-Facing Burpee", pairs_with=["sled"]),
        "Bar-Facing Burpee",
        "pairs_with",
        id="unknown-pairing-equipment",
    ),
    pytest.param(
        lambda d: set_in(d, "Pull-Up", scaled_substitute="Band Row"),
        "Pull-Up",
        "scaled_substitute",
        id="unknown-substitute",
    ),
    pytest.param(
        lambda d: set_in(d, "Pull-Up", beginner_substitute="Pull-Up"),
        "Pull-Up",
        "beginner_substitute",
        id="substitute-itself",
    ),
    pytest.param(
        lambda d: set_in(d, "Ring Row", scaled_substitute="Pull-Up"),
        "Ring Row",
        "scaled_substitute",
        id="substitute-harder",
    ),
    pytest.param(
        lambda d: set_in(d, "Pull-Up", beginner_substitute="Chest-to-Bar Pull-Up"),
        "Pull-Up",
        "beginner_substitute",
        id="beginner-substitute-beginners-never-do",
    ),
    pytest.param(
        lambda d: set_in(d, "Push-Up", scaled_substitute="Child's Pose"),
        "Push-Up",
        "scaled_substitute",
        id="substitute-no-metcon-movement",
    ),
    pytest.param(lambda d: by_name(d, "Run").pop("family"), "Run", "family", id="missing-field"),
    pytest.param(
        lambda d: set_in(d, "Run", pace_s={"beginner": 0.35, "advanced": 0.25}),
        "Run",
        "pace_s",
        id="missing-level",
    ),
    pytest.param(
        lambda d: set_level(d, "Run", "max_per_session", "beginner", -5),
        "Run",
        "max_per_session.beginner",
        id="negative-cap",
    ),
    pytest.param(
        lambda d: set_level(d, "Row", "pace_s", "advanced", "fast"),
        "Row",
        "pace_s.advanced",
        id="pace-no-number",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("mistake", "name", "field"), COACHING_MISTAKES)
def test_a_coaching_mistake_is_a_command_error_naming_exercise_and_field_and_nothing_is_written(
    tmp_path, mistake, name, field
):
    data = catalogue_read()
    set_in(data, "Back Squat", difficulty=4)  # a valid edit that must not be written
    mistake(data)
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = counts()

    with pytest.raises(CommandError, match="malformed") as caught:
        call_command("load_catalogue", path=str(path), stdout=StringIO())

    assert f"exercise {name!r}: {field}:" in str(caught.value)
    assert counts() == before
    assert Exercise.objects.get(name="Back Squat").difficulty == 2


@pytest.mark.django_db
def test_every_problem_of_a_catalogue_is_reported_at_once(tmp_path):
    data = catalogue_read()
    set_level(data, "Run", "pace_s", "beginner", 0.2)
    set_in(data, "Deadlift", load_women_kg=110)
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(CommandError) as caught:
        call_command("load_catalogue", path=str(path), stdout=StringIO())

    assert "exercise 'Run': pace_s.beginner:" in str(caught.value)
    assert "exercise 'Deadlift': load_women_kg:" in str(caught.value)


@pytest.mark.django_db
def test_a_new_exercise_may_name_a_substitute_defined_later_in_the_file(tmp_path):
    data = catalogue_read()
    data["exercises"].insert(
        0,
        {
            **by_name(data, "Pull-Up"),
            "name": "Weighted Pull-Up",
            "difficulty": 4,
            "scaled_substitute": "Strict Pull-Up",
        },
    )
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    call_command("load_catalogue", path=str(path), stdout=StringIO())

    weighted = Exercise.objects.get(name="Weighted Pull-Up")
    assert weighted.scaled_substitute == Exercise.objects.get(name="Strict Pull-Up")
    assert weighted.beginner_substitute == Exercise.objects.get(name="Ring Row")


@pytest.mark.django_db
def test_load_catalogue_restores_edited_coaching_data_substitutes_and_pairings():
    burpee = Exercise.objects.get(name="Bar-Facing Burpee")
    burpee.pairs_with.clear()
    pull_up = Exercise.objects.get(name="Pull-Up")
    pull_up.scaled_substitute = None
    pull_up.max_per_session_advanced = 150
    pull_up.save()

    call_command("load_catalogue", stdout=StringIO())

    pull_up.refresh_from_db()
    assert pull_up.scaled_substitute.name == "Jumping Pull-Up"
    assert pull_up.max_per_session_advanced == 100
    assert list(burpee.pairs_with.values_list("slug", flat=True)) == ["barbell"]


@pytest.mark.django_db
def test_each_exercise_in_the_database_holds_the_coaching_data_of_its_json_entry():
    by_json_name = {item["name"]: item for item in catalogue_read()["exercises"]}
    rows = {
        row.name: row
        for row in Exercise.objects.select_related(
            "scaled_substitute", "beginner_substitute"
        ).prefetch_related("pairs_with")
    }

    for name, item in by_json_name.items():
        row = rows[name]
        assert row.roles == item["roles"], name
        assert (row.pattern, row.family, row.cap_group) == (
            item["pattern"],
            item["family"],
            item["cap_group"],
        ), name
        assert row.needs == item["needs"], name
        assert row.min_per_bout == item["min_per_bout"], name
        for level in ("beginner", "intermediate", "advanced"):
            assert float(getattr(row, f"pace_{level}_s")) == item["pace_s"][level], name
            assert getattr(row, f"max_per_bout_{level}") == item["max_per_bout"][level], name
            assert getattr(row, f"max_per_session_{level}") == item["max_per_session"][level]
        for field in ("load_kg", "load_women_kg", "load_scaled_kg"):
            value = getattr(row, field)
            assert (None if value is None else float(value)) == item[field], (name, field)
        assert {e.slug for e in row.pairs_with.all()} == set(item["pairs_with"]), name
        for field in ("scaled_substitute", "beginner_substitute"):
            substitute = getattr(row, field)
            assert (substitute.name if substitute else None) == item[field], (name, field)


@pytest.mark.django_db
def test_a_broken_substitute_is_reported_once_not_as_unknown_where_it_is_named(tmp_path):
    data = catalogue_read()
    set_in(data, "Ring Row", pattern="row")
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(CommandError) as caught:
        call_command("load_catalogue", path=str(path), stdout=StringIO())

    assert "exercise 'Ring Row': pattern:" in str(caught.value)
    assert "unknown exercise" not in str(caught.value)
