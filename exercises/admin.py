from django.contrib import admin
from django.db.models import Count

from exercises.models import Equipment, Exercise, MuscleGroup


class CatalogueTermAdmin(admin.ModelAdmin):
    """Muscle groups and equipment: the slugs the catalogue and the profiles use."""

    list_display = ["name", "slug", "exercise_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    exercise_relations: list[str]  # the reverse relations from the term to its exercises

    def get_queryset(self, request):
        count = sum(Count(relation, distinct=True) for relation in self.exercise_relations)
        return super().get_queryset(request).annotate(exercise_count=count)

    @admin.display(description="exercises", ordering="exercise_count")
    def exercise_count(self, term: MuscleGroup | Equipment) -> int:
        return term.exercise_count


@admin.register(MuscleGroup)
class MuscleGroupAdmin(CatalogueTermAdmin):
    exercise_relations = ["primary_exercises", "secondary_exercises"]


@admin.register(Equipment)
class EquipmentAdmin(CatalogueTermAdmin):
    exercise_relations = ["exercises"]


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "modality",
        "difficulty",
        "primary_muscle_group",
        "measurement",
        "load_kg",
        "is_active",
    ]
    list_filter = [
        "modality",
        "difficulty",
        "measurement",
        "is_active",
        "primary_muscle_group",
        "equipment",
    ]
    search_fields = ["name", "description"]
    list_select_related = ["primary_muscle_group"]
    filter_horizontal = ["secondary_muscle_groups", "equipment"]
