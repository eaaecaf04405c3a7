import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from coachsite.filters import StrictIntegerField
from exercises.models import CapGroup, Exercise, Modality, Pattern, Role
from exercises.selectors import exercise_filter_by_role


class StrictBooleanField(forms.NullBooleanField):
    """`true`/`false` (or `1`/`0`); Django's select widget reads any other word as "unknown"."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if str(value).lower() in ("true", "1"):
            return True
        if str(value).lower() in ("false", "0"):
            return False
        raise ValidationError("Use true or false.", code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class IntegerFilter(django_filters.NumberFilter):
    """Difficulties are whole numbers: `2.5` and `2.0` are a 400, as the schema's `integer`
    says."""

    field_class = StrictIntegerField


class ExerciseFilter(django_filters.FilterSet):
    modality = django_filters.ChoiceFilter(choices=Modality.choices)
    muscle_group = django_filters.CharFilter(
        method="filter_muscle_group",
        label="Muscle group slug (primary or secondary)",
    )
    equipment = django_filters.CharFilter(
        field_name="equipment__slug", label="Equipment slug", distinct=True
    )
    difficulty = IntegerFilter()
    difficulty_min = IntegerFilter(field_name="difficulty", lookup_expr="gte")
    difficulty_max = IntegerFilter(field_name="difficulty", lookup_expr="lte")
    is_active = StrictBooleanFilter()
    role = django_filters.ChoiceFilter(
        choices=Role.choices, method="filter_role", label="One of the exercise's roles"
    )
    pattern = django_filters.ChoiceFilter(choices=Pattern.choices)
    cap_group = django_filters.ChoiceFilter(choices=CapGroup.choices)
    family = django_filters.CharFilter()

    class Meta:
        model = Exercise
        fields = ["modality", "difficulty", "is_active", "pattern", "cap_group", "family"]

    def filter_role(self, queryset, name, value):
        return exercise_filter_by_role(exercises=queryset, role=value)

    def filter_muscle_group(self, queryset, name, value):
        return queryset.filter(
            Q(primary_muscle_group__slug=value) | Q(secondary_muscle_groups__slug=value)
        ).distinct()
