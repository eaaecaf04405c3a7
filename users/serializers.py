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
from users.models import Goal, Level, User
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
        ]
        read_only_fields = ["id", "email"]


class RegisterInputSerializer(StrictInputMixin, serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    goal = serializers.ChoiceField(choices=Goal.choices, required=False)
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    equipment = SlugListField(queryset=Equipment.objects.all(), required=False)
    time_zone = time_zone_field()


class ProfileUpdateInputSerializer(StrictInputMixin, serializers.Serializer):
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
