from rest_framework import serializers

from exercises.models import Equipment
from users.models import Goal, Level, User


class ProfileSerializer(serializers.ModelSerializer):
    equipment = serializers.SlugRelatedField(
        slug_field="slug", queryset=Equipment.objects.all(), many=True
    )

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "goal", "level", "equipment"]
        read_only_fields = ["id", "email"]


class RegisterInputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    goal = serializers.ChoiceField(choices=Goal.choices, required=False)
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    equipment = serializers.SlugRelatedField(
        slug_field="slug", queryset=Equipment.objects.all(), many=True, required=False
    )


class ProfileUpdateInputSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    goal = serializers.ChoiceField(choices=Goal.choices, required=False)
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    equipment = serializers.SlugRelatedField(
        slug_field="slug", queryset=Equipment.objects.all(), many=True, required=False
    )


class LogoutInputSerializer(serializers.Serializer):
    refresh = serializers.CharField()
