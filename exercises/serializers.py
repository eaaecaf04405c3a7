from rest_framework import serializers

from exercises.models import Equipment, Exercise, MuscleGroup


class MuscleGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = MuscleGroup
        fields = ["id", "slug", "name"]


class EquipmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Equipment
        fields = ["id", "slug", "name"]


class ExerciseSerializer(serializers.ModelSerializer):
    """Reads show muscle groups and equipment by slug; writes take the same slugs."""

    primary_muscle_group = serializers.SlugRelatedField(
        slug_field="slug", queryset=MuscleGroup.objects.all()
    )
    secondary_muscle_groups = serializers.SlugRelatedField(
        slug_field="slug", queryset=MuscleGroup.objects.all(), many=True, required=False
    )
    equipment = serializers.SlugRelatedField(
        slug_field="slug", queryset=Equipment.objects.all(), many=True, allow_empty=False
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
            "is_active",
        ]

    def validate(self, attrs):
        primary = attrs.get("primary_muscle_group")
        if primary is not None and primary in attrs.get("secondary_muscle_groups", []):
            raise serializers.ValidationError(
                {"secondary_muscle_groups": "Must not repeat the primary muscle group."}
            )
        return attrs
