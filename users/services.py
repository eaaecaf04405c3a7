from collections.abc import Iterable

from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from exercises.models import Equipment
from users.models import User, normalize_email_address
from users.tokens import SessionRefreshToken

WRONG_PASSWORD = "This is not your password."


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str,
    goal: str | None = None,
    level: str | None = None,
    equipment: Iterable[Equipment] = (),
    time_zone: str | None = None,
    session_minutes: int | None = None,
    training_days_per_week: int | None = None,
    rx_category: str | None = None,
    has_wall: bool | None = None,
    has_open_space: bool | None = None,
    is_staff: bool = False,
) -> User:
    """Register an athlete; the email is unique whatever its case and the password is validated.

    The password is validated and hashed whether or not the address is taken, so the answer
    takes as long either way: its timing does not tell who has an account (SECURITY.md).
    """
    email = normalize_email_address(email)
    user = User(email=email, is_staff=is_staff)
    if goal:
        user.goal = goal
    if level:
        user.level = level
    if time_zone:
        user.time_zone = time_zone
    training = {
        "session_minutes": session_minutes,
        "training_days_per_week": training_days_per_week,
        "rx_category": rx_category,
        "has_wall": has_wall,
        "has_open_space": has_open_space,
    }
    for field, value in training.items():
        if value is not None:
            setattr(user, field, value)
    errors = {}
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        # validate_password raises a list of messages; name the field so the API says which.
        errors["password"] = error.messages
    user.set_password(password)
    if User.objects.filter(email__iexact=email).exists():
        errors["email"] = ["A user with this email address already exists."]
    if errors:
        raise ValidationError(errors)
    user.full_clean(exclude=["password"])
    user.save()
    user.equipment.set(equipment)
    return user


@transaction.atomic
def user_update_profile(
    *,
    user: User,
    first_name: str | None = None,
    last_name: str | None = None,
    goal: str | None = None,
    level: str | None = None,
    equipment: Iterable[Equipment] | None = None,
    time_zone: str | None = None,
    session_minutes: int | None = None,
    training_days_per_week: int | None = None,
    rx_category: str | None = None,
    has_wall: bool | None = None,
    has_open_space: bool | None = None,
) -> User:
    """Change only the profile fields that are given."""
    changes = {
        "first_name": first_name,
        "last_name": last_name,
        "goal": goal,
        "level": level,
        "time_zone": time_zone,
        "session_minutes": session_minutes,
        "training_days_per_week": training_days_per_week,
        "rx_category": rx_category,
        "has_wall": has_wall,
        "has_open_space": has_open_space,
    }
    update_fields = [field for field, value in changes.items() if value is not None]
    for field in update_fields:
        setattr(user, field, changes[field])
    if update_fields:
        user.full_clean(exclude=["password"])
        user.save(update_fields=update_fields)
    if equipment is not None:
        user.equipment.set(equipment)
    return user


def user_logout(*, user: User, refresh_token: str) -> None:
    """Blacklist the caller's refresh token so it can no longer mint access tokens."""
    try:
        token = RefreshToken(refresh_token)
    except TokenError as error:
        raise ValidationError({"refresh": str(error)}) from error
    if str(token.get("user_id")) != str(user.pk):
        raise ValidationError({"refresh": "This token does not belong to you."})
    token.blacklist()


def user_tokens_revoke(*, user: User) -> int:
    """Blacklist every unexpired refresh token issued to `user`; returns how many were.

    Access tokens cannot be blacklisted: those of an old password fail on their own
    (CHECK_REVOKE_TOKEN, users/tokens.py), the others within JWT_ACCESS_MINUTES.
    """
    live = OutstandingToken.objects.filter(
        user=user, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True
    ).values_list("pk", flat=True)
    return len(
        BlacklistedToken.objects.bulk_create(
            [BlacklistedToken(token_id=token_id) for token_id in live], ignore_conflicts=True
        )
    )


@transaction.atomic
def user_password_change(
    *, user: User, old_password: str, new_password: str
) -> SessionRefreshToken:
    """Set a new password and end every session of the old one; returns a new session.

    The old password must be right and the new one pass the password validators (a 400
    names each field that fails). Every refresh token issued so far is blacklisted, and
    every access token minted before fails, as its password claim no longer matches
    (CHECK_REVOKE_TOKEN); browser sessions other than the caller's end too (Django checks
    theirs against the password). The caller gets a fresh refresh token, whose session
    begins now: they proved they know the password, as at a login.
    """
    errors = {}
    if not user.check_password(old_password):
        errors["old_password"] = [WRONG_PASSWORD]
    try:
        validate_password(new_password, user=user)
    except ValidationError as error:
        errors["new_password"] = error.messages
    if errors:
        raise ValidationError(errors)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    user_tokens_revoke(user=user)
    return SessionRefreshToken.for_user(user)


@transaction.atomic
def user_delete(*, user: User, password: str) -> None:
    """Delete the account, confirmed by its password, with all it owns.

    Its WOD requests, WODs and results go with it (their foreign keys cascade, as anything an
    athlete owns must). Its refresh tokens are blacklisted first; its access tokens name a user who
    no longer exists, and are refused.
    """
    if not user.check_password(password):
        raise ValidationError({"password": [WRONG_PASSWORD]})
    user_tokens_revoke(user=user)
    user.delete()


@transaction.atomic
def user_ensure(
    *,
    email: str,
    password: str,
    is_staff: bool = False,
    is_superuser: bool = False,
    permissions: Iterable[str] = (),
) -> tuple[User, bool]:
    """Create the account, or reset its password, flags and permissions; returns (user, created).

    `permissions` are "app_label.codename" names, and the only ones the account keeps.
    """
    email = normalize_email_address(email)
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email)
    user.is_staff = is_staff or is_superuser
    user.is_superuser = is_superuser
    user.is_active = True
    user.set_password(password)
    user.save()
    user.user_permissions.set(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in (name.split(".", 1) for name in permissions)
    )
    return user, created
