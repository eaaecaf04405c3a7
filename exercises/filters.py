import django_filters
from django.db.models import Q

from exercises.models import Exercise, Modality


class ExerciseFilter(django_filters.FilterSet):
    modality = django_filters.ChoiceFilter(choices=Modality.choices)
    muscle_group = django_filters.CharFilter(
        method="filter_muscle_group",
        label="Muscle group slug (primary or secondary)",
    )
    equipment = django_filters.CharFilter(
        field_name="equipment__slug", label="Equipment slug", distinct=True
    )
    difficulty = django_filters.NumberFilter()
    difficulty_min = django_filters.NumberFilter(field_name="difficulty", lookup_expr="gte")
    difficulty_max = django_filters.NumberFilter(field_name="difficulty", lookup_expr="lte")
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Exercise
        fields = ["modality", "difficulty", "is_active"]

    def filter_muscle_group(self, queryset, name, value):
        return queryset.filter(
            Q(primary_muscle_group__slug=value) | Q(secondary_muscle_groups__slug=value)
        ).distinct()
