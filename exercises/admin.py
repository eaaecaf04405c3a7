from django import forms
from django.contrib import admin
from django.db.models import Count

from exercises.models import Equipment, Exercise, MuscleGroup, Need, Role
from exercises.selectors import exercise_filter_by_role


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


class RoleFilter(admin.SimpleListFilter):
    title = "role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        if self.value() in Role.values:
            return exercise_filter_by_role(exercises=queryset, role=self.value())
        return queryset


class ExerciseAdminForm(forms.ModelForm):
    """Roles and needs as checkboxes; the model's `clean()` checks the coaching data."""

    roles = forms.MultipleChoiceField(choices=Role.choices, widget=forms.CheckboxSelectMultiple)
    needs = forms.MultipleChoiceField(
        choices=Need.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Exercise
        fields = ["roles", "needs"]  # the admin's fieldsets add the others


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    form = ExerciseAdminForm
    list_display = [
        "name",
        "modality",
        "difficulty",
        "pattern",
        "family",
        "role_list",
        "cap_group",
        "measurement",
        "load_kg",
        "is_active",
    ]
    list_filter = [
        RoleFilter,
        "pattern",
        "cap_group",
        "modality",
        "difficulty",
        "measurement",
        "is_active",
        "primary_muscle_group",
        "equipment",
    ]
    search_fields = ["name", "description", "family"]
    list_select_related = ["primary_muscle_group"]
    filter_horizontal = ["secondary_muscle_groups", "equipment", "pairs_with"]
    autocomplete_fields = ["scaled_substitute", "beginner_substitute"]
    fieldsets = [
        (None, {"fields": ["name", "description", "modality", "difficulty", "is_active"]}),
        (
            "Muscles and equipment",
            {"fields": ["primary_muscle_group", "secondary_muscle_groups", "equipment"]},
        ),
        (
            "Where it belongs",
            {
                "fields": ["roles", "pattern", "family", "cap_group"],
                "description": "Warm-up drills have no metcon role; a family groups close "
                "variants, which never meet in a WOD nor on two days running.",
            },
        ),
        (
            "Pace and volume per level",
            {
                "fields": [
                    "measurement",
                    ("pace_beginner_s", "pace_intermediate_s", "pace_advanced_s"),
                    "min_per_bout",
                    ("max_per_bout_beginner", "max_per_bout_intermediate", "max_per_bout_advanced"),
                    (
                        "max_per_session_beginner",
                        "max_per_session_intermediate",
                        "max_per_session_advanced",
                    ),
                ],
                "description": "In units of the measurement: reps, metres, calories or "
                "seconds held. Beginners are slowest; caps grow with level; a session cap of 0 "
                "keeps the level away from it.",
            },
        ),
        ("Loads (kg)", {"fields": [("load_kg", "load_women_kg", "load_scaled_kg")]}),
        (
            "Needs, pairings and substitutes",
            {"fields": ["needs", "pairs_with", "scaled_substitute", "beginner_substitute"]},
        ),
    ]

    @admin.display(description="roles")
    def role_list(self, exercise: Exercise) -> str:
        return ", ".join(Role(role).label for role in exercise.roles if role in Role.values)
