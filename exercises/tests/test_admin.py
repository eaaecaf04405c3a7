"""The catalogue admin: lists, filters and search over the shipped catalogue."""

import re

import pytest
from django.urls import reverse

from exercises.models import Equipment, Exercise, MuscleGroup

pytestmark = pytest.mark.django_db


def listed(admin_client, model: str, **query) -> list:
    response = admin_client.get(reverse(f"admin:exercises_{model}_changelist"), query)
    assert response.status_code == 200
    return list(response.context["cl"].queryset)


def test_the_exercise_list_filters_by_modality_muscle_group_and_equipment(admin_client, catalogue):
    rower = Equipment.objects.get(slug="rower")
    core = MuscleGroup.objects.get(slug="core")

    by_modality = listed(admin_client, "exercise", modality__exact="gymnastics")
    by_muscle = listed(admin_client, "exercise", primary_muscle_group__id__exact=core.pk)
    by_equipment = listed(admin_client, "exercise", equipment__id__exact=rower.pk)

    assert set(by_modality) == set(Exercise.objects.filter(modality="gymnastics"))
    assert set(by_muscle) == set(Exercise.objects.filter(primary_muscle_group=core))
    assert set(by_equipment) == set(Exercise.objects.filter(equipment=rower))
    assert all([by_modality, by_muscle, by_equipment])


def test_the_exercise_list_searches_names_and_descriptions(admin_client, catalogue):
    found = listed(admin_client, "exercise", q="thruster")

    assert Exercise.objects.get(name__iexact="thruster") in found
    assert all("thruster" in f"{e.name} {e.description}".lower() for e in found)


def test_muscle_groups_list_how_many_exercises_work_them(admin_client, catalogue):
    core = MuscleGroup.objects.get(slug="core")
    expected = core.primary_exercises.count() + core.secondary_exercises.count()

    html = admin_client.get(reverse("admin:exercises_musclegroup_changelist")).content.decode()

    row = re.search(r'<tr>.*?>Core<.*?<td class="field-exercise_count">(\d+)</td>', html, re.S)
    assert int(row[1]) == expected > 0


def test_equipment_lists_how_many_exercises_need_it_and_searches_by_slug(admin_client, catalogue):
    rower = Equipment.objects.get(slug="rower")

    [found] = listed(admin_client, "equipment", q="rower")

    assert found == rower
    assert found.exercise_count == rower.exercises.count() > 0


@pytest.mark.parametrize("model", ["exercise", "musclegroup", "equipment"])
def test_each_catalogue_change_page_renders(admin_client, catalogue, model):
    item = {"exercise": Exercise, "musclegroup": MuscleGroup, "equipment": Equipment}[model]
    first = item.objects.first()

    response = admin_client.get(reverse(f"admin:exercises_{model}_change", args=[first.pk]))

    assert response.status_code == 200
    assert first.name in response.content.decode()


def change_form_data(admin_client, exercise: Exercise) -> dict:
    """The change form's current values, as the browser would post them back."""
    response = admin_client.get(reverse("admin:exercises_exercise_change", args=[exercise.pk]))
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif value is not None:
            data[name] = str(value)
    return data


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"role": "warm_up"}, lambda e: "warm_up" in e.roles),
        ({"role": "metcon"}, lambda e: "metcon" in e.roles),
        ({"pattern__exact": "vertical_pull"}, lambda e: e.pattern == "vertical_pull"),
        ({"cap_group__exact": "slow_skill"}, lambda e: e.cap_group == "slow_skill"),
    ],
    ids=["role-warm-up", "role-metcon", "pattern", "cap-group"],
)
def test_the_exercise_list_filters_by_role_pattern_and_cap_group(
    admin_client, catalogue, query, expected
):
    found = listed(admin_client, "exercise", **query)

    assert found
    assert set(found) == {e for e in Exercise.objects.all() if expected(e)}


def test_the_change_page_shows_the_coaching_data_in_its_sections(admin_client, catalogue):
    pull_up = Exercise.objects.get(name="Pull-Up")

    html = admin_client.get(
        reverse("admin:exercises_exercise_change", args=[pull_up.pk])
    ).content.decode()

    for section in ("Where it belongs", "Pace and volume per level", "Loads (kg)"):
        assert section in html
    for field in ("pace_beginner_s", "max_per_session_advanced", "scaled_substitute", "pairs_with"):
        assert f'name="{field}"' in html
    checked = re.findall(r'name="roles" value="(\w+)" id="id_roles_\d" checked', html)
    assert checked == ["metcon", "skill"]


def test_staff_edit_the_coaching_data_in_the_admin(admin_client, catalogue):
    pull_up = Exercise.objects.get(name="Pull-Up")
    data = change_form_data(admin_client, pull_up)
    data.update(
        roles=["metcon", "skill", "strength"],
        pace_intermediate_s="3.000",
        max_per_session_intermediate="50",
        scaled_substitute=str(Exercise.objects.get(name="Banded Pull-Up").pk),
        pairs_with=[str(Equipment.objects.get(slug="rings").pk)],
    )

    response = admin_client.post(
        reverse("admin:exercises_exercise_change", args=[pull_up.pk]), data
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    pull_up.refresh_from_db()
    assert pull_up.roles == ["metcon", "skill", "strength"]
    assert (pull_up.pace_intermediate_s, pull_up.max_per_session_intermediate) == (3, 50)
    assert pull_up.scaled_substitute.name == "Banded Pull-Up"
    assert list(pull_up.pairs_with.values_list("slug", flat=True)) == ["rings"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"pace_beginner_s": "2.000"}, "pace_beginner_s"),
        ({"max_per_bout_advanced": "200"}, "max_per_bout_advanced"),
        ({"roles": []}, "roles"),
        ({"load_women_kg": "20.0"}, "load_women_kg"),
    ],
    ids=["pace", "bout-above-session", "no-role", "load-without-rx"],
)
def test_an_admin_edit_that_breaks_a_coaching_rule_shows_the_error_and_saves_nothing(
    admin_client, catalogue, change, field
):
    pull_up = Exercise.objects.get(name="Pull-Up")
    data = {**change_form_data(admin_client, pull_up), **change}

    response = admin_client.post(
        reverse("admin:exercises_exercise_change", args=[pull_up.pk]), data
    )

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert Exercise.objects.get(pk=pull_up.pk).updated_at == pull_up.updated_at


def test_a_harder_substitute_is_refused_in_the_admin(admin_client, catalogue):
    ring_row = Exercise.objects.get(name="Ring Row")
    data = change_form_data(admin_client, ring_row)
    data["scaled_substitute"] = str(Exercise.objects.get(name="Pull-Up").pk)

    response = admin_client.post(
        reverse("admin:exercises_exercise_change", args=[ring_row.pk]), data
    )

    assert response.status_code == 200
    assert "harder" in str(response.context["adminform"].form.errors["scaled_substitute"])


def test_making_a_substitute_harder_than_what_it_stands_for_is_refused_in_the_admin(
    admin_client, catalogue
):
    ring_row = Exercise.objects.get(name="Ring Row")
    data = {**change_form_data(admin_client, ring_row), "difficulty": "4"}

    response = admin_client.post(
        reverse("admin:exercises_exercise_change", args=[ring_row.pk]), data
    )

    assert response.status_code == 200
    assert "Pull-Up names it" in str(response.context["adminform"].form.errors["difficulty"])
