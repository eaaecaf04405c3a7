"""Account services: registration, profile updates, the idempotent `user_ensure`, and ending
an account's sessions: a new password, a deleted account."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from exercises.models import Equipment
from users.models import Goal, Level, User
from users.services import (
    user_create,
    user_delete,
    user_ensure,
    user_password_change,
    user_tokens_revoke,
    user_update_profile,
)
from users.tokens import SESSION_START_CLAIM

STRONG = "a-long-unusual-passphrase"


# user_create
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_user_create_stores_a_lowercased_email_and_a_hashed_password():
    user = user_create(email="  New.Athlete@Example.COM ", password=STRONG)

    user.refresh_from_db()
    assert user.email == "new.athlete@example.com"
    assert user.password != STRONG
    assert user.check_password(STRONG)
    assert not user.is_staff
    assert not user.is_superuser
    assert user.is_active


@pytest.mark.django_db
def test_user_create_sets_the_profile_and_the_equipment():
    equipment = Equipment.objects.filter(slug__in=["barbell", "box"])

    user = user_create(
        email="new@example.com",
        password=STRONG,
        goal=Goal.ENDURANCE,
        level=Level.INTERMEDIATE,
        equipment=equipment,
    )

    user.refresh_from_db()
    assert user.goal == Goal.ENDURANCE
    assert user.level == Level.INTERMEDIATE
    assert sorted(user.equipment.values_list("slug", flat=True)) == ["barbell", "box"]


@pytest.mark.django_db
def test_user_create_without_a_profile_uses_the_model_defaults():
    user = user_create(email="new@example.com", password=STRONG)

    assert user.goal == Goal.GENERAL_FITNESS
    assert user.level == Level.BEGINNER
    assert not user.equipment.exists()


@pytest.mark.django_db
def test_user_create_can_make_a_staff_member():
    user = user_create(email="coach2@example.com", password=STRONG, is_staff=True)

    assert user.is_staff
    assert not user.is_superuser


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["ana@example.com", "ANA@example.com", " Ana@Example.com "])
def test_user_create_refuses_an_email_that_is_taken_whatever_its_case(user, email):
    with pytest.raises(ValidationError) as caught:
        user_create(email=email, password=STRONG)

    assert "email" in caught.value.message_dict
    assert User.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["short1", "password123", "84736291047"])
def test_user_create_refuses_a_weak_password_on_the_password_field(password):
    with pytest.raises(ValidationError) as caught:
        user_create(email="new@example.com", password=password)

    assert "password" in caught.value.message_dict
    assert not User.objects.exists()


@pytest.mark.django_db
def test_user_create_refuses_a_password_too_similar_to_the_email():
    with pytest.raises(ValidationError) as caught:
        user_create(email="marathoner@example.com", password="marathoner")

    assert "password" in caught.value.message_dict


@pytest.mark.django_db
def test_user_create_refuses_an_unknown_goal_and_creates_nothing():
    with pytest.raises(ValidationError) as caught:
        user_create(email="new@example.com", password=STRONG, goal="world_domination")

    assert "goal" in caught.value.message_dict
    assert not User.objects.exists()


@pytest.mark.django_db
def test_user_create_refuses_an_invalid_email():
    with pytest.raises(ValidationError) as caught:
        user_create(email="not-an-email", password=STRONG)

    assert "email" in caught.value.message_dict


# user_update_profile
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_user_update_profile_changes_the_fields_given(user):
    user_update_profile(
        user=user,
        first_name="Ana",
        last_name="Silva",
        goal=Goal.MUSCLE_GAIN,
        level=Level.ADVANCED,
        equipment=Equipment.objects.filter(slug="kettlebell"),
    )

    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Ana", "Silva")
    assert (user.goal, user.level) == (Goal.MUSCLE_GAIN, Level.ADVANCED)
    assert list(user.equipment.values_list("slug", flat=True)) == ["kettlebell"]


@pytest.mark.django_db
def test_user_update_profile_leaves_the_fields_not_given_untouched(user):
    user_update_profile(
        user=user, goal=Goal.ENDURANCE, equipment=Equipment.objects.filter(slug="rower")
    )

    user_update_profile(user=User.objects.get(pk=user.pk), level=Level.ADVANCED)

    user.refresh_from_db()
    assert user.goal == Goal.ENDURANCE
    assert user.level == Level.ADVANCED
    assert list(user.equipment.values_list("slug", flat=True)) == ["rower"]


@pytest.mark.django_db
def test_user_update_profile_with_no_changes_changes_nothing(user):
    user_update_profile(user=user)

    user.refresh_from_db()
    assert user.goal == Goal.GENERAL_FITNESS
    assert user.level == Level.BEGINNER


@pytest.mark.django_db
def test_user_update_profile_blanks_a_name_given_as_an_empty_string(user):
    user_update_profile(user=user, first_name="Ana")

    user_update_profile(user=user, first_name="")

    user.refresh_from_db()
    assert user.first_name == ""


@pytest.mark.django_db
def test_user_update_profile_with_an_empty_equipment_list_clears_it(user):
    user_update_profile(user=user, equipment=Equipment.objects.filter(slug="barbell"))

    user_update_profile(user=user, equipment=[])

    assert not user.equipment.exists()


@pytest.mark.django_db
def test_user_update_profile_refuses_an_unknown_level(user):
    with pytest.raises(ValidationError) as caught:
        user_update_profile(user=user, level="olympian")

    assert "level" in caught.value.message_dict
    user.refresh_from_db()
    assert user.level == Level.BEGINNER


# user_ensure
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_user_ensure_creates_a_missing_account():
    user, created = user_ensure(email="Demo@Coach.local", password="demo-athlete-2026")

    assert created
    assert user.email == "demo@coach.local"
    assert user.check_password("demo-athlete-2026")
    assert user.is_active
    assert not user.is_staff
    assert not user.is_superuser


@pytest.mark.django_db
def test_user_ensure_twice_keeps_one_account_and_resets_its_password(user):
    same, created = user_ensure(email="ANA@example.com", password="a-brand-new-password")

    assert not created
    assert same.pk == user.pk
    assert User.objects.count() == 1
    user.refresh_from_db()
    assert user.check_password("a-brand-new-password")
    assert not user.check_password("correct-horse-battery")


@pytest.mark.django_db
def test_user_ensure_reactivates_the_account_and_resets_its_flags(make_user):
    make_user(email="admin@coach.local", is_active=False, is_staff=True, is_superuser=True)

    user, created = user_ensure(email="admin@coach.local", password="admin-coach-2026")

    assert not created
    user.refresh_from_db()
    assert user.is_active
    assert not user.is_staff
    assert not user.is_superuser


@pytest.mark.django_db
def test_user_ensure_of_a_superuser_makes_it_staff_too():
    user, _ = user_ensure(email="admin@coach.local", password="admin-coach-2026", is_superuser=True)

    user.refresh_from_db()
    assert user.is_superuser
    assert user.is_staff


@pytest.mark.django_db
def test_user_ensure_keeps_the_profile_of_an_existing_account(user):
    user_update_profile(
        user=user, goal=Goal.WEIGHT_LOSS, equipment=Equipment.objects.filter(slug="box")
    )

    user_ensure(email="ana@example.com", password="a-brand-new-password")

    user.refresh_from_db()
    assert user.goal == Goal.WEIGHT_LOSS
    assert list(user.equipment.values_list("slug", flat=True)) == ["box"]


# user_tokens_revoke, user_password_change, user_delete
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_revoking_blacklists_the_live_refresh_tokens_of_the_user_only(user, other_user):
    live, already, expired = (RefreshToken.for_user(user) for _ in range(3))
    others = RefreshToken.for_user(other_user)
    already.blacklist()
    OutstandingToken.objects.filter(jti=expired["jti"]).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    revoked = user_tokens_revoke(user=user)

    assert revoked == 1
    assert set(BlacklistedToken.objects.values_list("token__jti", flat=True)) == {
        live["jti"],
        already["jti"],
    }
    assert others["jti"] not in set(BlacklistedToken.objects.values_list("token__jti", flat=True))


@pytest.mark.django_db
def test_a_password_change_names_both_fields_when_both_are_wrong(user):
    with pytest.raises(ValidationError) as refused:
        user_password_change(user=user, old_password="nope", new_password="short")

    assert set(refused.value.message_dict) == {"old_password", "new_password"}
    user.refresh_from_db()
    assert user.check_password("correct-horse-battery")


@pytest.mark.django_db
def test_a_password_change_returns_a_session_that_begins_now_under_the_new_password(user):
    session = user_password_change(
        user=user, old_password="correct-horse-battery", new_password=STRONG
    )

    user.refresh_from_db()
    assert user.check_password(STRONG)
    assert session[SESSION_START_CLAIM] == session["iat"]
    assert session["user_id"] == str(user.pk)
    assert not BlacklistedToken.objects.filter(token__jti=session["jti"]).exists()


@pytest.mark.django_db
def test_an_account_deleted_with_a_wrong_password_stays(user):
    with pytest.raises(ValidationError):
        user_delete(user=user, password="not-the-password")

    assert User.objects.filter(pk=user.pk).exists()
