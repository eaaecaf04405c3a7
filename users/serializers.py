from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.serializers import (
    TokenObtainPairSerializer,
    TokenRefreshSerializer,
    TokenVerifySerializer,
)

from coachsite.serializers import SlugListField, StrictInputMixin
from exercises.models import Equipment
from users.lockout import LoginLockedOut, login_locked_out, login_succeeded
from users.models import SESSION_MINUTES, TRAINING_DAYS_PER_WEEK, Goal, Level, RxCategory, User
from users.time_zones import validate_time_zone
from users.tokens import SessionRefreshToken


def time_zone_field() -> serializers.CharField:
    return serializers.CharField(
        max_length=64,
        required=False,
        validators=[validate_time_zone],
        help_text="IANA time zone name, e.g. `Europe/Paris`; DJANGO_TIME_ZONE (UTC) when "
        "omitted at registration. The athlete's days follow it: a WOD request's default "
        "`for_date` and the daily WOD, made once their clock passes WOD_DAILY_LOCAL_HOUR.",
    )


class TrainingInputFields(serializers.Serializer):
    """The profile's training fields, each optional; a value out of bounds is a 400 naming it."""

    session_minutes = serializers.IntegerField(
        required=False,
        min_value=SESSION_MINUTES[0],
        max_value=SESSION_MINUTES[1],
        help_text="The whole session, warm-up to cool-down, in minutes: 20 to 120 (60).",
    )
    training_days_per_week = serializers.IntegerField(
        required=False,
        min_value=TRAINING_DAYS_PER_WEEK[0],
        max_value=TRAINING_DAYS_PER_WEEK[1],
        help_text="Training days a week: 3 to 6 (5); the other days are rest days.",
    )
    rx_category = serializers.ChoiceField(
        choices=RxCategory.choices,
        required=False,
        help_text="Which Rx load a WOD shows first (`load_for_you_kg`): `women`, `men`, or "
        "`unspecified` (the default) for both.",
    )
    has_wall = serializers.BooleanField(
        required=False,
        help_text="A wall to train against (wall balls, handstands, wall walks); true by default.",
    )
    has_open_space = serializers.BooleanField(
        required=False, help_text="A clear lane to run, shuttle and carry in; true by default."
    )


TRAINING_FIELDS = list(TrainingInputFields._declared_fields)


class ProfileSerializer(serializers.ModelSerializer):
    equipment = serializers.SlugRelatedField(
        slug_field="slug", queryset=Equipment.objects.all(), many=True
    )

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "first_name",
            "last_name",
            "goal",
            "level",
            "equipment",
            "time_zone",
            *TRAINING_FIELDS,
        ]
        read_only_fields = ["id", "email"]


class RegisterInputSerializer(StrictInputMixin, TrainingInputFields):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    goal = serializers.ChoiceField(choices=Goal.choices, required=False)
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    equipment = SlugListField(queryset=Equipment.objects.all(), required=False)
    time_zone = time_zone_field()


class ProfileUpdateInputSerializer(StrictInputMixin, TrainingInputFields):
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    goal = serializers.ChoiceField(choices=Goal.choices, required=False)
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    equipment = SlugListField(queryset=Equipment.objects.all(), required=False)
    time_zone = time_zone_field()


class LogoutInputSerializer(StrictInputMixin, serializers.Serializer):
    refresh = serializers.CharField()


def password_field(help_text: str) -> serializers.CharField:
    # Trimmed, as registration and the token endpoint trim theirs: a password set here must
    # be the one a login checks.
    return serializers.CharField(
        write_only=True, style={"input_type": "password"}, help_text=help_text
    )


class PasswordChangeInputSerializer(StrictInputMixin, serializers.Serializer):
    old_password = password_field("The password in use.")
    new_password = password_field(
        "The new password: at least 12 characters, not common, not all digits, not like the "
        "email or the names."
    )


class AccountDeleteInputSerializer(StrictInputMixin, serializers.Serializer):
    password = password_field("The account's password, to confirm that it goes.")


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)


class TokenObtainInputSerializer(StrictInputMixin, TokenObtainPairSerializer):
    token_class = SessionRefreshToken

    def validate(self, attrs):
        request = self.context["request"]
        try:
            tokens = super().validate(attrs)
        except AuthenticationFailed:
            # django-axes refused this (address, account) pair before checking the password.
            if login_locked_out(request):
                raise LoginLockedOut(request) from None
            raise
        login_succeeded(request, attrs)
        return tokens


class TokenRefreshInputSerializer(StrictInputMixin, TokenRefreshSerializer):
    token_class = SessionRefreshToken

    def validate(self, attrs):
        try:
            return super().validate(attrs)
        except User.DoesNotExist:
            # simplejwt looks the user up with `.get()`: a deleted account's token is a 401.
            raise AuthenticationFailed(
                self.error_messages["no_active_account"], "no_active_account"
            ) from None


class TokenVerifyInputSerializer(StrictInputMixin, TokenVerifySerializer):
    pass
