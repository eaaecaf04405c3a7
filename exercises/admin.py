from django.contrib import admin

from exercises.models import Equipment, Exercise, MuscleGroup


@admin.register(MuscleGroup)
class MuscleGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Equipment)
class EquipmentAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


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
    list_filter = ["modality", "difficulty", "measurement", "is_active", "equipment"]
    search_fields = ["name", "description"]
    list_select_related = ["primary_muscle_group"]
    filter_horizontal = ["secondary_muscle_groups", "equipment"]
