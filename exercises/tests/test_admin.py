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
