from collections.abc import Mapping
from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coaching import vocabulary
from coachsite.serializers import JSON_TYPES, SlugListField, StrictInputMixin
from exercises.models import Equipment, Exercise, MuscleGroup, Need, Role
from exercises.rules import (
    LEVELS,
    MAX_UNITS,
    PER_LEVEL_FIELDS,
    VocabularyListValidator,
    exercise_as_substitute_errors,
    exercise_coaching_errors,
    per_level_field,
)

# Each per-level model field and the API field and level it is read and written as.
API_FIELD_OF = {
    per_level_field(key, level): (key, level) for key in PER_LEVEL_FIELDS for level in LEVELS
}


class PerLevelField(serializers.Field):
    """Three model fields as one object, `{"beginner": …, "intermediate": …, "advanced": …}`,
    as the catalogue's JSON and `coaching.catalogue.PerLevel` hold them. A write gives all
    three levels; each is checked by `child` and takes its JSON type (decimals as strings).
    """

    default_error_messages = {
        "invalid": "Must be an object with exactly the keys beginner, intermediate, advanced."
    }

    def __init__(self, *, key: str, child: serializers.Field, **kwargs) -> None:
        self.key = key
        self.child = child
        super().__init__(source="*", **kwargs)

    def to_representation(self, instance):
        return {
            level: self.child.to_representation(getattr(instance, per_level_field(self.key, level)))
            for level in LEVELS
        }

    def to_internal_value(self, data):
        if not isinstance(data, Mapping) or set(data) != set(LEVELS):
            self.fail("invalid")
        values, errors = {}, {}
        # As StrictInputMixin does for top-level fields: the child's JSON type, its message.
        json_type, message = next(
            (kind, key)
            for field_class, kind, key in JSON_TYPES
            if isinstance(self.child, field_class)
        )
        for level in LEVELS:
            value = data[level]
            if not isinstance(value, json_type) or isinstance(value, bool):
                detail = self.child.error_messages[message]
                errors[level] = [detail.format(input_type=type(value).__name__)]
                continue
            try:
                values[per_level_field(self.key, level)] = self.child.run_validation(value)
            except serializers.ValidationError as error:
                errors[level] = error.detail
        if errors:
            raise serializers.ValidationError(errors)
        return values


class MuscleGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = MuscleGroup
        fields = ["id", "slug", "name"]


class EquipmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Equipment
        fields = ["id", "slug", "name"]


def _per_level_schema(schema: dict) -> dict:
    return {
        "type": "object",
        "properties": dict.fromkeys(LEVELS, schema),
        "required": list(LEVELS),
        "additionalProperties": False,
    }


@extend_schema_field(
    _per_level_schema(
        {"type": "string", "format": "decimal", "pattern": r"^\d{0,3}(?:\.\d{0,3})?$"}
    )
)
class PaceField(PerLevelField):
    """Seconds per unit at each level, as decimals in strings ("0.350")."""

    def __init__(self, **kwargs) -> None:
        child = serializers.DecimalField(max_digits=6, decimal_places=3, min_value=Decimal("0.001"))
        super().__init__(key="pace_s", child=child, **kwargs)


@extend_schema_field(_per_level_schema({"type": "integer", "minimum": 0, "maximum": MAX_UNITS}))
class CapField(PerLevelField):
    """Units at most at each level (`max_per_bout`, `max_per_session`)."""

    def __init__(self, *, key: str, **kwargs) -> None:
        child = serializers.IntegerField(min_value=0, max_value=MAX_UNITS)
        super().__init__(key=key, child=child, **kwargs)


class ExerciseSerializer(StrictInputMixin, serializers.ModelSerializer):
    """Reads show muscle groups and equipment by slug and substitutes by name; writes take the
    same. The coaching data follows `exercises.rules` (docs/CATALOGUE.md); a value that breaks
    a rule is a 400 naming its field (and level)."""

    primary_muscle_group = serializers.SlugRelatedField(
        slug_field="slug", queryset=MuscleGroup.objects.all()
    )
    secondary_muscle_groups = SlugListField(queryset=MuscleGroup.objects.all(), required=False)
    equipment = SlugListField(queryset=Equipment.objects.all(), allow_empty=False)
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices),
        allow_empty=False,
        validators=[VocabularyListValidator(vocabulary.Role)],
    )
    needs = serializers.ListField(
        child=serializers.ChoiceField(choices=Need.choices),
        required=False,
        validators=[VocabularyListValidator(vocabulary.Need)],
    )
    pace_s = PaceField()
    max_per_bout = CapField(key="max_per_bout")
    max_per_session = CapField(key="max_per_session")
    pairs_with = SlugListField(queryset=Equipment.objects.all(), required=False)
    scaled_substitute = serializers.SlugRelatedField(
        slug_field="name", queryset=Exercise.objects.all(), allow_null=True, required=False
    )
    beginner_substitute = serializers.SlugRelatedField(
        slug_field="name", queryset=Exercise.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Exercise
        fields = [
            "id",
            "name",
            "description",
            "modality",
            "difficulty",
            "primary_muscle_group",
            "secondary_muscle_groups",
            "equipment",
            "measurement",
            "load_kg",
            "load_women_kg",
            "load_scaled_kg",
            "roles",
            "pattern",
            "family",
            "pace_s",
            "min_per_bout",
            "max_per_bout",
            "max_per_session",
            "cap_group",
            "needs",
            "pairs_with",
            "scaled_substitute",
            "beginner_substitute",
            "is_active",
        ]

    def validate(self, attrs):
        # A partial update may change only one side: compare with the stored other side.
        instance = self.instance
        primary = attrs.get(
            "primary_muscle_group", instance.primary_muscle_group if instance else None
        )
        if "secondary_muscle_groups" in attrs:
            secondary = attrs["secondary_muscle_groups"]
        else:
            secondary = list(instance.secondary_muscle_groups.all()) if instance else []
        if primary is not None and primary in secondary:
            raise serializers.ValidationError(
                {"secondary_muscle_groups": "Must not repeat the primary muscle group."}
            )
        self._check_coaching_data(attrs)
        return attrs

    def _check_coaching_data(self, attrs) -> None:
        """The exercise as it would be saved, against `exercises.rules`."""
        candidate = Exercise()
        if self.instance is not None:
            for field in Exercise._meta.concrete_fields:
                setattr(candidate, field.attname, getattr(self.instance, field.attname))
        for name, value in attrs.items():
            if name not in ("secondary_muscle_groups", "equipment", "pairs_with"):
                setattr(candidate, name, value)
        errors: dict = {}
        found = exercise_coaching_errors(
            candidate,
            scaled_substitute=candidate.scaled_substitute,
            beginner_substitute=candidate.beginner_substitute,
        )
        for field, messages in exercise_as_substitute_errors(
            candidate, named_by=candidate.named_as_substitute_by()
        ).items():
            found.setdefault(field, []).extend(messages)
        for field, messages in found.items():
            if field in API_FIELD_OF:
                key, level = API_FIELD_OF[field]
                errors.setdefault(key, {}).setdefault(level, []).extend(messages)
            else:
                errors.setdefault(field, []).extend(messages)
        if errors:
            raise serializers.ValidationError(errors)
