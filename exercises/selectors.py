from django.db.models import QuerySet

from exercises.models import Equipment, Exercise, MuscleGroup


def exercise_list() -> QuerySet[Exercise]:
    return Exercise.objects.select_related(
        "primary_muscle_group", "scaled_substitute", "beginner_substitute"
    ).prefetch_related("secondary_muscle_groups", "equipment", "pairs_with")


def muscle_group_list() -> QuerySet[MuscleGroup]:
    return MuscleGroup.objects.all()


def equipment_list() -> QuerySet[Equipment]:
    return Equipment.objects.all()


def exercise_filter_by_role(*, exercises: QuerySet[Exercise], role: str) -> QuerySet[Exercise]:
    """The exercises among `exercises` that have `role`.

    The JSON list's text holds each role in quotes and no role is part of another, so a text
    match is exact; SQLite has no JSON `contains`.
    """
    return exercises.filter(roles__icontains=f'"{role}"')
