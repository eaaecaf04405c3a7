"""The catalogue API: anyone logged in reads and filters it, only staff change it."""

from decimal import Decimal

import pytest

from exercises.models import Equipment, Exercise, Modality, MuscleGroup
from exercises.tests.factories import new_exercise

LIST_URL = "/api/exercises/"
MUSCLE_GROUPS_URL = "/api/muscle-groups/"
EQUIPMENT_URL = "/api/equipment/"


def detail_url(exercise: Exercise) -> str:
    return f"{LIST_URL}{exercise.pk}/"


def all_results(client, **params) -> list[dict]:
    """Every exercise the filters let through, across pages."""
    results = []
    response = client.get(LIST_URL, params)
    while True:
        assert response.status_code == 200, response.content
        results += response.json()["results"]
        if not response.json()["next"]:
            return results
        response = client.get(response.json()["next"])


@pytest.fixture
def back_squat(catalogue) -> Exercise:
    return Exercise.objects.get(name="Back Squat")


# Reading and pagination
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_is_paginated(api_client, catalogue):
    total = Exercise.objects.count()

    first = api_client.get(LIST_URL)
    second = api_client.get(first.json()["next"])

    assert first.status_code == 200
    body = first.json()
    assert body["count"] == total
    assert body["previous"] is None
    assert len(body["results"]) == 20
    assert second.status_code == 200
    assert second.json()["previous"]
    first_ids = {item["id"] for item in body["results"]}
    assert first_ids.isdisjoint(item["id"] for item in second.json()["results"])


@pytest.mark.django_db
def test_an_exercise_reads_with_slugs_for_muscles_and_equipment(api_client, back_squat):
    response = api_client.get(detail_url(back_squat))

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == back_squat.pk
    assert body["name"] == "Back Squat"
    assert body["modality"] == "weightlifting"
    assert body["difficulty"] == 2
    assert body["primary_muscle_group"] == "quadriceps"
    assert sorted(body["secondary_muscle_groups"]) == ["core", "glutes", "hamstrings"]
    assert body["equipment"] == ["barbell"]
    assert body["measurement"] == "reps"
    assert body["is_active"] is True


@pytest.mark.django_db
def test_an_unknown_exercise_is_a_404(api_client, catalogue):
    assert api_client.get(f"{LIST_URL}999999/").status_code == 404


@pytest.mark.django_db
def test_the_list_anonymous_is_a_401(anonymous_client, catalogue):
    assert anonymous_client.get(LIST_URL).status_code == 401


@pytest.mark.django_db
def test_the_detail_anonymous_is_a_401(anonymous_client, back_squat):
    assert anonymous_client.get(detail_url(back_squat)).status_code == 401


@pytest.mark.django_db
def test_the_muscle_groups_list_every_group_unpaginated(api_client, catalogue):
    response = api_client.get(MUSCLE_GROUPS_URL)

    assert response.status_code == 200
    assert isinstance(response.json(), list)
    assert {item["slug"] for item in response.json()} == set(
        MuscleGroup.objects.values_list("slug", flat=True)
    )
    assert set(response.json()[0]) == {"id", "slug", "name"}


@pytest.mark.django_db
def test_the_equipment_list_every_item_unpaginated(api_client, catalogue):
    response = api_client.get(EQUIPMENT_URL)

    assert response.status_code == 200
    assert isinstance(response.json(), list)
    slugs = {item["slug"] for item in response.json()}
    assert slugs == set(Equipment.objects.values_list("slug", flat=True))
    assert "bodyweight" in slugs


@pytest.mark.django_db
def test_the_muscle_groups_and_equipment_lists_anonymous_are_a_401(anonymous_client):
    assert anonymous_client.get(MUSCLE_GROUPS_URL).status_code == 401
    assert anonymous_client.get(EQUIPMENT_URL).status_code == 401


@pytest.mark.django_db
def test_muscle_groups_and_equipment_are_read_only_even_for_staff(staff_client):
    assert staff_client.post(MUSCLE_GROUPS_URL, {"slug": "neck", "name": "Neck"}).status_code == 405
    assert staff_client.post(EQUIPMENT_URL, {"slug": "sled", "name": "Sled"}).status_code == 405


# Filters
# ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("modality", Modality.values)
def test_filter_by_modality(api_client, catalogue, modality):
    results = all_results(api_client, modality=modality)

    assert len(results) == Exercise.objects.filter(modality=modality).count() > 0
    assert {item["modality"] for item in results} == {modality}


@pytest.mark.django_db
def test_filter_by_an_unknown_modality_is_a_400(api_client, catalogue):
    response = api_client.get(LIST_URL, {"modality": "yoga"})

    assert response.status_code == 400
    assert "modality" in response.json()


@pytest.mark.django_db
def test_filter_by_muscle_group_matches_primary_or_secondary(api_client, catalogue):
    results = all_results(api_client, muscle_group="glutes")

    names = {item["name"] for item in results}
    assert all(
        item["primary_muscle_group"] == "glutes" or "glutes" in item["secondary_muscle_groups"]
        for item in results
    )
    assert len(names) == len(results), "an exercise is listed twice"
    assert any(item["primary_muscle_group"] == "glutes" for item in results)
    assert "Back Squat" in names  # glutes as a secondary muscle
    expected = set(
        Exercise.objects.filter(primary_muscle_group__slug="glutes").values_list("name", flat=True)
    ) | set(
        Exercise.objects.filter(secondary_muscle_groups__slug="glutes").values_list(
            "name", flat=True
        )
    )
    assert names == expected


@pytest.mark.django_db
def test_filter_by_an_unknown_muscle_group_finds_nothing(api_client, catalogue):
    response = api_client.get(LIST_URL, {"muscle_group": "tail"})

    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.django_db
def test_filter_by_equipment_slug(api_client, catalogue):
    results = all_results(api_client, equipment="kettlebell")

    assert results
    assert all("kettlebell" in item["equipment"] for item in results)
    assert len(results) == Exercise.objects.filter(equipment__slug="kettlebell").count()
    assert len({item["id"] for item in results}) == len(results)


@pytest.mark.django_db
def test_filter_by_difficulty(api_client, catalogue):
    results = all_results(api_client, difficulty=3)

    assert results
    assert {item["difficulty"] for item in results} == {3}
    assert len(results) == Exercise.objects.filter(difficulty=3).count()


@pytest.mark.django_db
def test_filter_by_a_difficulty_range(api_client, catalogue):
    results = all_results(api_client, difficulty_min=2, difficulty_max=3)

    assert {item["difficulty"] for item in results} == {2, 3}
    assert len(results) == Exercise.objects.filter(difficulty__in=[2, 3]).count()


@pytest.mark.django_db
def test_filter_by_a_minimum_difficulty_only(api_client, catalogue):
    results = all_results(api_client, difficulty_min=4)

    assert results
    assert all(item["difficulty"] >= 4 for item in results)


@pytest.mark.django_db
def test_filter_by_a_non_numeric_difficulty_is_a_400(api_client, catalogue):
    response = api_client.get(LIST_URL, {"difficulty": "hard"})

    assert response.status_code == 400
    assert "difficulty" in response.json()


@pytest.mark.django_db
def test_filters_combine(api_client, catalogue):
    results = all_results(
        api_client, modality="gymnastics", equipment="bodyweight", difficulty_max=2
    )

    assert results
    assert all(
        item["modality"] == "gymnastics"
        and "bodyweight" in item["equipment"]
        and item["difficulty"] <= 2
        for item in results
    )


@pytest.mark.django_db
def test_search_by_name_is_case_insensitive(api_client, catalogue):
    results = all_results(api_client, search="SQUAT")

    names = {item["name"] for item in results}
    assert {"Back Squat", "Air Squat"} <= names
    assert all("squat" in name.lower() for name in names)


@pytest.mark.django_db
def test_ordering_by_difficulty(api_client, catalogue):
    results = all_results(api_client, ordering="-difficulty")

    difficulties = [item["difficulty"] for item in results]
    assert difficulties == sorted(difficulties, reverse=True)


# Permissions
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_non_staff_user_cannot_create_an_exercise(api_client, catalogue):
    response = api_client.post(LIST_URL, new_exercise(), format="json")

    assert response.status_code == 403
    assert not Exercise.objects.filter(name="Sandbag Bear Hug Carry").exists()


@pytest.mark.django_db
def test_a_non_staff_user_cannot_update_an_exercise(api_client, back_squat):
    response = api_client.patch(detail_url(back_squat), {"difficulty": 5}, format="json")

    assert response.status_code == 403
    back_squat.refresh_from_db()
    assert back_squat.difficulty == 2


@pytest.mark.django_db
def test_a_non_staff_user_cannot_delete_an_exercise(api_client, back_squat):
    response = api_client.delete(detail_url(back_squat))

    assert response.status_code == 403
    assert Exercise.objects.filter(pk=back_squat.pk).exists()


@pytest.mark.django_db
def test_anonymous_writes_are_a_401(anonymous_client, back_squat):
    assert anonymous_client.post(LIST_URL, new_exercise(), format="json").status_code == 401
    assert anonymous_client.delete(detail_url(back_squat)).status_code == 401


# Staff writes
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_can_create_an_exercise_with_slugs(staff_client, catalogue):
    response = staff_client.post(LIST_URL, new_exercise(), format="json")

    assert response.status_code == 201, response.json()
    exercise = Exercise.objects.get(pk=response.json()["id"])
    assert exercise.name == "Sandbag Bear Hug Carry"
    assert exercise.primary_muscle_group.slug == "upper_back"
    assert sorted(exercise.secondary_muscle_groups.values_list("slug", flat=True)) == [
        "biceps",
        "core",
    ]
    assert list(exercise.equipment.values_list("slug", flat=True)) == ["sandbag"]
    assert str(exercise.load_kg) == "45.0"
    assert exercise.is_active
    assert response.json()["equipment"] == ["sandbag"]


@pytest.mark.django_db
def test_staff_can_create_an_exercise_without_secondary_muscles(staff_client, catalogue):
    payload = new_exercise(load_kg=None, load_women_kg=None, load_scaled_kg=None)
    del payload["secondary_muscle_groups"]

    response = staff_client.post(LIST_URL, payload, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["secondary_muscle_groups"] == []
    assert response.json()["load_kg"] is None


@pytest.mark.django_db
def test_staff_can_update_an_exercise(staff_client, back_squat):
    response = staff_client.patch(
        detail_url(back_squat),
        {"difficulty": 3, "equipment": ["barbell", "box"], "is_active": False},
        format="json",
    )

    assert response.status_code == 200, response.json()
    back_squat.refresh_from_db()
    assert back_squat.difficulty == 3
    assert not back_squat.is_active
    assert sorted(back_squat.equipment.values_list("slug", flat=True)) == ["barbell", "box"]


@pytest.mark.django_db
def test_staff_can_replace_an_exercise_with_put(staff_client, back_squat):
    payload = new_exercise(name="Back Squat", primary_muscle_group="quadriceps")

    response = staff_client.put(detail_url(back_squat), payload, format="json")

    assert response.status_code == 200, response.json()
    back_squat.refresh_from_db()
    assert back_squat.measurement == "distance"
    assert list(back_squat.equipment.values_list("slug", flat=True)) == ["sandbag"]


@pytest.mark.django_db
def test_staff_can_delete_an_exercise(staff_client, catalogue):
    created = staff_client.post(LIST_URL, new_exercise(), format="json").json()

    response = staff_client.delete(f"{LIST_URL}{created['id']}/")

    assert response.status_code == 204
    assert not Exercise.objects.filter(pk=created["id"]).exists()


@pytest.mark.django_db
def test_creating_with_the_primary_muscle_repeated_in_secondary_is_a_400(staff_client, catalogue):
    payload = new_exercise(secondary_muscle_groups=["core", "upper_back"])

    response = staff_client.post(LIST_URL, payload, format="json")

    assert response.status_code == 400
    assert "secondary_muscle_groups" in response.json()
    assert not Exercise.objects.filter(name=payload["name"]).exists()


@pytest.mark.django_db
def test_patching_secondary_to_repeat_the_current_primary_is_a_400(staff_client, back_squat):
    response = staff_client.patch(
        detail_url(back_squat), {"secondary_muscle_groups": ["quadriceps"]}, format="json"
    )

    assert response.status_code == 400
    assert "secondary_muscle_groups" in response.json()
    assert not back_squat.secondary_muscle_groups.filter(slug="quadriceps").exists()


@pytest.mark.django_db
def test_patching_primary_to_one_of_the_current_secondaries_is_a_400(staff_client, back_squat):
    response = staff_client.patch(
        detail_url(back_squat), {"primary_muscle_group": "glutes"}, format="json"
    )

    assert response.status_code == 400
    assert "secondary_muscle_groups" in response.json()
    back_squat.refresh_from_db()
    assert back_squat.primary_muscle_group.slug == "quadriceps"


@pytest.mark.django_db
def test_patching_primary_and_secondary_together_can_swap_them(staff_client, back_squat):
    response = staff_client.patch(
        detail_url(back_squat),
        {"primary_muscle_group": "glutes", "secondary_muscle_groups": ["quadriceps"]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["primary_muscle_group"] == "glutes"
    assert response.json()["secondary_muscle_groups"] == ["quadriceps"]


@pytest.mark.django_db
def test_creating_with_an_unknown_equipment_slug_is_a_400(staff_client, catalogue):
    response = staff_client.post(
        LIST_URL, new_exercise(equipment=["sandbag", "time_machine"]), format="json"
    )

    assert response.status_code == 400
    assert "equipment" in response.json()


@pytest.mark.django_db
def test_creating_without_equipment_is_a_400(staff_client, catalogue):
    response = staff_client.post(LIST_URL, new_exercise(equipment=[]), format="json")

    assert response.status_code == 400
    assert "equipment" in response.json()


@pytest.mark.django_db
def test_creating_with_an_unknown_muscle_slug_is_a_400(staff_client, catalogue):
    response = staff_client.post(LIST_URL, new_exercise(primary_muscle_group="tail"), format="json")

    assert response.status_code == 400
    assert "primary_muscle_group" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), [("difficulty", 0), ("difficulty", 6)])
def test_creating_with_a_difficulty_outside_1_to_5_is_a_400(staff_client, catalogue, field, value):
    response = staff_client.post(LIST_URL, new_exercise(**{field: value}), format="json")

    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
def test_creating_with_a_taken_name_is_a_400(staff_client, catalogue):
    response = staff_client.post(LIST_URL, new_exercise(name="Back Squat"), format="json")

    assert response.status_code == 400
    assert "name" in response.json()


@pytest.mark.django_db
def test_filter_by_is_active_takes_true_or_false_and_refuses_other_words(api_client, back_squat):
    back_squat.is_active = False
    back_squat.save(update_fields=["is_active"])

    inactive = api_client.get(LIST_URL, {"is_active": "false"})
    unfiltered = api_client.get(LIST_URL, {"is_active": ""})
    refused = api_client.get(LIST_URL, {"is_active": "maybe"})

    assert [exercise["name"] for exercise in inactive.json()["results"]] == ["Back Squat"]
    assert unfiltered.json()["count"] == Exercise.objects.count()
    assert refused.status_code == 400
    assert refused.json() == {"is_active": ["Use true or false."]}


# Coaching data
# ------------------------------------------------------------------------------


# Stands for any error message in the expected shape of a 400's body.
MESSAGE = "<message>"


def error_shape(body):
    """A 400's body with each field's messages, however many, replaced by [MESSAGE]."""
    if isinstance(body, dict):
        return {key: error_shape(value) for key, value in body.items()}
    return [MESSAGE] if body else []


@pytest.fixture
def pull_up(catalogue) -> Exercise:
    return Exercise.objects.get(name="Pull-Up")


@pytest.mark.django_db
def test_an_exercise_reads_with_its_coaching_data(api_client, pull_up):
    body = api_client.get(detail_url(pull_up)).json()

    assert body["roles"] == ["metcon", "skill"]
    assert (body["pattern"], body["family"], body["cap_group"]) == ("vertical_pull", "pull_up", "")
    assert body["pace_s"] == {"beginner": "4.500", "intermediate": "2.600", "advanced": "1.800"}
    assert body["min_per_bout"] == 3
    assert body["max_per_bout"] == {"beginner": 0, "intermediate": 12, "advanced": 20}
    assert body["max_per_session"] == {"beginner": 0, "intermediate": 60, "advanced": 100}
    assert body["needs"] == []
    assert body["pairs_with"] == []
    assert body["scaled_substitute"] == "Jumping Pull-Up"
    assert body["beginner_substitute"] == "Ring Row"
    assert (body["load_kg"], body["load_women_kg"], body["load_scaled_kg"]) == (None, None, None)


@pytest.mark.django_db
def test_loads_pairings_and_needs_read_as_the_catalogue_holds_them(api_client, catalogue):
    burpee = api_client.get(detail_url(Exercise.objects.get(name="Bar-Facing Burpee"))).json()
    wall_ball = api_client.get(detail_url(Exercise.objects.get(name="Wall Ball"))).json()

    assert burpee["pairs_with"] == ["barbell"]
    assert (wall_ball["load_kg"], wall_ball["load_women_kg"], wall_ball["load_scaled_kg"]) == (
        "9.0",
        "6.0",
        "6.0",
    )
    assert wall_ball["needs"] == ["wall", "target"]


@pytest.mark.django_db
def test_staff_can_create_an_exercise_with_its_coaching_data(staff_client, catalogue):
    payload = new_exercise(
        scaled_substitute="Farmer Carry", beginner_substitute="Farmer Carry", cap_group=""
    )

    response = staff_client.post(LIST_URL, payload, format="json")

    assert response.status_code == 201, response.json()
    exercise = Exercise.objects.get(name=payload["name"])
    assert exercise.roles == ["metcon", "strength"]
    assert (exercise.pace_beginner_s, exercise.max_per_session_advanced) == (Decimal("0.9"), 400)
    assert exercise.scaled_substitute.name == "Farmer Carry"
    assert response.json()["pace_s"] == payload["pace_s"]


@pytest.mark.django_db
def test_staff_can_edit_the_coaching_data(staff_client, pull_up):
    response = staff_client.patch(
        detail_url(pull_up),
        {
            "roles": ["metcon", "skill", "strength"],
            "pace_s": {"beginner": "5.000", "intermediate": "3.000", "advanced": "2.000"},
            "max_per_session": {"beginner": 0, "intermediate": 50, "advanced": 90},
            "scaled_substitute": "Banded Pull-Up",
            "pairs_with": ["rings"],
            "needs": ["wall"],
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    pull_up.refresh_from_db()
    assert pull_up.roles == ["metcon", "skill", "strength"]
    assert (pull_up.pace_intermediate_s, pull_up.max_per_session_intermediate) == (3, 50)
    assert pull_up.scaled_substitute.name == "Banded Pull-Up"
    assert list(pull_up.pairs_with.values_list("slug", flat=True)) == ["rings"]
    assert pull_up.needs == ["wall"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "errors"),
    [
        pytest.param(
            {"pace_s": {"beginner": "2.000", "intermediate": "2.600", "advanced": "1.800"}},
            {"pace_s": {"beginner": [MESSAGE]}},
            id="beginner-faster-than-intermediate",
        ),
        pytest.param(
            {"max_per_bout": {"beginner": 0, "intermediate": 12, "advanced": 8}},
            {"max_per_bout": {"advanced": [MESSAGE]}},
            id="cap-shrinking-with-level",
        ),
        pytest.param(
            {"max_per_session": {"beginner": 0, "intermediate": 10, "advanced": 100}},
            {"max_per_bout": {"intermediate": [MESSAGE]}},
            id="bout-above-session",
        ),
        pytest.param(
            {"pace_s": {"beginner": "4.500", "advanced": "1.800"}},
            {"pace_s": [MESSAGE]},
            id="missing-level",
        ),
        pytest.param(
            {"max_per_bout": {"beginner": 0, "intermediate": 12.5, "advanced": 20}},
            {"max_per_bout": {"intermediate": [MESSAGE]}},
            id="cap-no-integer",
        ),
        pytest.param(
            {"max_per_session": {"beginner": 0, "intermediate": 60, "advanced": 10**12}},
            {"max_per_session": {"advanced": [MESSAGE]}},
            id="cap-beyond-any-database-integer",
        ),
        pytest.param(
            {"pace_s": {"beginner": 4.5, "intermediate": "2.600", "advanced": "1.800"}},
            {"pace_s": {"beginner": [MESSAGE]}},
            id="pace-a-json-number",
        ),
        pytest.param(
            {"scaled_substitute": "Bar Muscle-Up"},
            {"scaled_substitute": [MESSAGE]},
            id="harder-substitute",
        ),
        pytest.param(
            {"beginner_substitute": "Pull-Up"},
            {"beginner_substitute": [MESSAGE]},
            id="itself",
        ),
        pytest.param(
            {"scaled_substitute": "Band Row"},
            {"scaled_substitute": [MESSAGE]},
            id="unknown-substitute",
        ),
        pytest.param({"roles": ["cardio"]}, {"roles": {"0": [MESSAGE]}}, id="unknown-role"),
        pytest.param({"roles": []}, {"roles": [MESSAGE]}, id="no-role"),
        pytest.param({"needs": ["wall", "wall"]}, {"needs": [MESSAGE]}, id="repeated-need"),
        pytest.param({"pattern": "twist"}, {"pattern": [MESSAGE]}, id="unknown-pattern"),
        pytest.param(
            {"load_women_kg": "20.0"},
            {"load_women_kg": [MESSAGE]},
            id="women-load-without-rx",
        ),
    ],
)
def test_an_edit_that_breaks_a_coaching_rule_is_a_400_naming_the_field(
    staff_client, pull_up, change, errors
):
    response = staff_client.patch(detail_url(pull_up), change, format="json")

    assert response.status_code == 400
    body = response.json()

    assert error_shape(body) == errors, body
    pull_up.refresh_from_db()
    assert pull_up.roles == ["metcon", "skill"]
    assert pull_up.scaled_substitute.name == "Jumping Pull-Up"


@pytest.mark.django_db
def test_a_women_s_load_above_the_stored_men_s_rx_is_a_400(staff_client, catalogue):
    deadlift = Exercise.objects.get(name="Deadlift")

    response = staff_client.patch(detail_url(deadlift), {"load_women_kg": "110.0"}, format="json")

    assert response.status_code == 400
    assert "102" in response.json()["load_women_kg"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"role": "cool_down"}, lambda e: "cool_down" in e.roles),
        (
            {"role": "metcon", "pattern": "carry"},
            lambda e: "metcon" in e.roles and e.pattern == "carry",
        ),
        ({"cap_group": "slow_skill"}, lambda e: e.cap_group == "slow_skill"),
        ({"family": "run"}, lambda e: e.family == "run"),
    ],
    ids=["role", "role-and-pattern", "cap-group", "family"],
)
def test_filter_by_coaching_data(api_client, catalogue, params, expected):
    results = all_results(api_client, **params)

    assert results
    assert {item["name"] for item in results} == {
        e.name for e in Exercise.objects.all() if expected(e)
    }


@pytest.mark.django_db
def test_filter_by_an_unknown_role_is_a_400(api_client, catalogue):
    response = api_client.get(LIST_URL, {"role": "cardio"})

    assert response.status_code == 400
    assert "role" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"difficulty": 4}, {"difficulty": [MESSAGE]}),
        ({"roles": ["warm_up"]}, {"roles": [MESSAGE]}),
        (
            {
                "max_per_bout": {"beginner": 0, "intermediate": 15, "advanced": 20},
                "max_per_session": {"beginner": 0, "intermediate": 90, "advanced": 120},
            },
            {"max_per_session": {"beginner": [MESSAGE]}},
        ),
    ],
    ids=["harder-than-what-it-stands-for", "no-metcon-movement", "no-beginner-does-it"],
)
def test_an_edit_that_leaves_another_exercise_without_a_valid_substitute_is_a_400(
    staff_client, catalogue, change, errors
):
    ring_row = Exercise.objects.get(name="Ring Row")

    response = staff_client.patch(detail_url(ring_row), change, format="json")

    assert response.status_code == 400
    assert error_shape(response.json()) == errors
    assert "Pull-Up names it as its beginner substitute" in str(response.json())


@pytest.mark.django_db
@pytest.mark.parametrize("param", ["difficulty", "difficulty_min", "difficulty_max"])
@pytest.mark.parametrize("value", ["3.0", "9853291388145774.0", "2.5", "1e3"])
def test_a_difficulty_that_is_not_written_as_a_whole_number_is_a_400(
    api_client, catalogue, param, value
):
    response = api_client.get(LIST_URL, {param: value})

    assert response.status_code == 400
    assert param in response.json()
