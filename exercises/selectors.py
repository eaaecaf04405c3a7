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
