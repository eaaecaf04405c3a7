from rest_framework import serializers

from coachsite.serializers import SlugListField, StrictInputMixin
from exercises.models import Equipment, Exercise, MuscleGroup


class MuscleGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = MuscleGroup
        fields = ["id", "slug", "name"]


class EquipmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Equipment
        fields = ["id", "slug", "name"]


class ExerciseSerializer(StrictInputMixin, serializers.ModelSerializer):
    """Reads show muscle groups and equipment by slug; writes take the same slugs."""

    primary_muscle_group = serializers.SlugRelatedField(
        slug_field="slug", queryset=MuscleGroup.objects.all()
    )
    secondary_muscle_groups = SlugListField(queryset=MuscleGroup.objects.all(), required=False)
    equipment = SlugListField(queryset=Equipment.objects.all(), allow_empty=False)

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
        return attrs
