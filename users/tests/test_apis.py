"""The account API: registration, JWT tokens (rotation, blacklist, logout), the own profile,
changing the password and deleting the account."""

from typing import ClassVar

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import RefreshToken, UntypedToken

from testing.clients import client_for
from users.models import Goal, Level, User

REGISTER_URL = "/api/auth/register/"
TOKEN_URL = "/api/auth/token/"
REFRESH_URL = "/api/auth/token/refresh/"
VERIFY_URL = "/api/auth/token/verify/"
LOGOUT_URL = "/api/auth/logout/"
ME_URL = "/api/users/me/"

PASSWORD = "correct-horse-battery"  # make_user's default


def register(client, **fields):
    payload = {"email": "new@example.com", "password": "a-long-unusual-passphrase", **fields}
    return client.post(REGISTER_URL, payload, format="json")


def obtain(client, email="ana@example.com", password=PASSWORD):
    return client.post(TOKEN_URL, {"email": email, "password": password}, format="json")


# Registration
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_registration_creates_the_account_and_returns_its_profile(anonymous_client):
    response = register(
        anonymous_client,
        goal=Goal.MUSCLE_GAIN,
        level=Level.ADVANCED,
        equipment=["barbell", "rings"],
    )

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {
        "id",
        "email",
        "first_name",
        "last_name",
        "goal",
        "level",
        "equipment",
        "time_zone",
        "session_minutes",
        "training_days_per_week",
        "rx_category",
        "has_wall",
        "has_open_space",
    }
    assert body["email"] == "new@example.com"
    assert body["goal"] == "muscle_gain"
    assert body["level"] == "advanced"
    assert sorted(body["equipment"]) == ["barbell", "rings"]
    user = User.objects.get(pk=body["id"])
    assert user.check_password("a-long-unusual-passphrase")
    assert sorted(user.equipment.values_list("slug", flat=True)) == ["barbell", "rings"]


@pytest.mark.django_db
def test_registration_response_never_contains_a_password(anonymous_client):
    response = register(anonymous_client)

    assert response.status_code == 201
    assert "password" not in response.json()
    assert "a-long-unusual-passphrase" not in response.content.decode()


@pytest.mark.django_db
def test_registration_without_a_profile_uses_the_defaults(anonymous_client):
    response = register(anonymous_client)

    assert response.status_code == 201
    assert response.json()["goal"] == Goal.GENERAL_FITNESS
    assert response.json()["level"] == Level.BEGINNER
    assert response.json()["equipment"] == []
    assert response.json()["time_zone"] == "UTC"
    assert response.json()["session_minutes"] == 60
    assert response.json()["training_days_per_week"] == 5
    assert response.json()["rx_category"] == "unspecified"
    assert response.json()["has_wall"] is True
    assert response.json()["has_open_space"] is True


@pytest.mark.django_db
def test_registration_takes_the_session_length_training_week_rx_column_and_space(
    anonymous_client,
):
    response = register(
        anonymous_client,
        session_minutes=30,
        training_days_per_week=3,
        rx_category="men",
        has_wall=False,
        has_open_space=False,
    )

    assert response.status_code == 201
    user = User.objects.get(pk=response.json()["id"])
    assert (user.session_minutes, user.training_days_per_week) == (30, 3)
    assert (user.rx_category, user.has_wall, user.has_open_space) == ("men", False, False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("session_minutes", 19),
        ("session_minutes", 121),
        ("session_minutes", "60"),
        ("training_days_per_week", 2),
        ("training_days_per_week", 7),
        ("rx_category", "both"),
        ("has_wall", "yes"),
    ],
)
def test_registration_with_a_training_field_out_of_bounds_is_a_400_naming_it(
    anonymous_client, field, value
):
    response = register(anonymous_client, **{field: value})

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not User.objects.filter(email="new@example.com").exists()


@pytest.mark.django_db
def test_a_new_athletes_time_zone_is_the_servers_unless_they_name_theirs(
    anonymous_client, settings
):
    settings.TIME_ZONE = "Europe/Paris"

    default = register(anonymous_client, email="paris@example.com")
    named = register(anonymous_client, email="auckland@example.com", time_zone="Pacific/Auckland")

    assert default.json()["time_zone"] == "Europe/Paris"
    assert named.json()["time_zone"] == "Pacific/Auckland"
    assert User.objects.get(email="auckland@example.com").time_zone == "Pacific/Auckland"


@pytest.mark.django_db
def test_registration_with_an_unknown_time_zone_is_a_400_on_the_time_zone_field(
    anonymous_client,
):
    response = register(anonymous_client, time_zone="Europe/Atlantis")

    assert response.status_code == 400
    assert response.json() == {
        "time_zone": ["Not a time zone: use an IANA name such as Europe/Paris."]
    }
    assert not User.objects.filter(email="new@example.com").exists()


@pytest.mark.django_db
def test_registration_stores_the_email_lowercased_and_trimmed(anonymous_client):
    response = register(anonymous_client, email="  Mixed.Case@Example.COM ")

    assert response.status_code == 201
    assert response.json()["email"] == "mixed.case@example.com"
    assert User.objects.filter(email="mixed.case@example.com").exists()


@pytest.mark.django_db
def test_registration_with_a_taken_email_is_a_400_on_the_email_field(anonymous_client, user):
    response = register(anonymous_client, email="ana@example.com")

    assert response.status_code == 400
    assert "email" in response.json()
    assert User.objects.filter(email__iexact="ana@example.com").count() == 1


@pytest.mark.django_db
def test_registration_with_a_taken_email_in_another_case_is_a_400(anonymous_client, user):
    response = register(anonymous_client, email="Ana@Example.com")

    assert response.status_code == 400
    assert "email" in response.json()
    assert User.objects.filter(email__iexact="ana@example.com").count() == 1


class CountingHasher(MD5PasswordHasher):
    """The test settings' hasher, counting the passwords it hashes."""

    hashed: ClassVar[list[str]] = []

    def encode(self, password, salt):
        self.hashed.append(password)
        return super().encode(password, salt)


@pytest.fixture
def hashed(settings) -> list[str]:
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher", *settings.PASSWORD_HASHERS]
    CountingHasher.hashed.clear()
    return CountingHasher.hashed


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email", ["new@example.com", "ana@example.com"], ids=["free-address", "taken-address"]
)
def test_registration_hashes_the_password_once_whether_or_not_the_address_is_taken(
    anonymous_client, user, hashed, email
):
    response = register(anonymous_client, email=email)

    # The hashing is nearly all of the time a registration takes: done in both cases, the
    # answer's timing does not tell whether the address has an account.
    assert response.status_code in (201, 400)
    assert hashed == ["a-long-unusual-passphrase"]


@pytest.mark.django_db
def test_registration_with_a_taken_email_and_a_weak_password_names_both_fields(
    anonymous_client, user
):
    response = register(anonymous_client, email="ana@example.com", password="short1")

    assert response.status_code == 400
    assert set(response.json()) == {"email", "password"}


@pytest.mark.django_db
def test_registration_with_an_invalid_email_is_a_400_on_the_email_field(anonymous_client):
    response = register(anonymous_client, email="not-an-email")

    assert response.status_code == 400
    assert "email" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password",
    [
        pytest.param("short1", id="too-short"),
        pytest.param("password123", id="common"),
        pytest.param("84736291047", id="numeric"),
        pytest.param("new@example.com", id="like-the-email"),
    ],
)
def test_registration_with_a_weak_password_is_a_400_on_the_password_field(
    anonymous_client, password
):
    response = register(anonymous_client, password=password)

    assert response.status_code == 400
    assert "password" in response.json()
    assert not User.objects.filter(email="new@example.com").exists()


@pytest.mark.django_db
def test_a_password_needs_at_least_twelve_characters(anonymous_client):
    eleven = register(anonymous_client, password="kettle-bell")
    twelve = register(anonymous_client, password="kettle-bells")

    assert eleven.status_code == 400
    assert "at least 12 characters" in " ".join(eleven.json()["password"])
    assert twelve.status_code == 201


@pytest.mark.django_db
def test_registration_without_a_password_is_a_400_on_the_password_field(anonymous_client):
    response = anonymous_client.post(REGISTER_URL, {"email": "new@example.com"}, format="json")

    assert response.status_code == 400
    assert "password" in response.json()


@pytest.mark.django_db
def test_registration_with_an_unknown_equipment_slug_is_a_400(anonymous_client):
    response = register(anonymous_client, equipment=["barbell", "time_machine"])

    assert response.status_code == 400
    assert "equipment" in response.json()
    assert not User.objects.filter(email="new@example.com").exists()


@pytest.mark.django_db
def test_registration_with_an_unknown_goal_is_a_400_on_the_goal_field(anonymous_client):
    response = register(anonymous_client, goal="world_domination")

    assert response.status_code == 400
    assert "goal" in response.json()


@pytest.mark.django_db
def test_registration_ignores_an_authorization_header(api_client):
    """Registration is open: a stale or foreign token must not turn it into a 401."""
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    response = register(api_client)

    assert response.status_code == 201


@pytest.mark.django_db
def test_a_registered_athlete_can_log_in_and_see_their_profile(anonymous_client):
    register(anonymous_client, email="New@Example.com")

    tokens = obtain(anonymous_client, "new@example.com", "a-long-unusual-passphrase").json()
    anonymous_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    response = anonymous_client.get(ME_URL)

    assert response.status_code == 200
    assert response.json()["email"] == "new@example.com"


# Tokens
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_token_obtain_with_email_and_password_returns_an_access_and_a_refresh(
    anonymous_client, user
):
    response = obtain(anonymous_client)

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}
    user.refresh_from_db()
    assert user.last_login is not None


@pytest.mark.django_db
def test_token_obtain_accepts_the_email_in_another_case(anonymous_client, user):
    response = obtain(anonymous_client, email="  ANA@Example.com")

    assert response.status_code == 200
    assert "access" in response.json()


@pytest.mark.django_db
def test_token_obtain_with_a_wrong_password_is_a_401(anonymous_client, user):
    response = obtain(anonymous_client, password="not-the-password")

    assert response.status_code == 401
    assert "access" not in response.json()


@pytest.mark.django_db
def test_token_obtain_for_an_unknown_email_is_a_401(anonymous_client, user):
    response = obtain(anonymous_client, email="nobody@example.com")

    assert response.status_code == 401


@pytest.mark.django_db
def test_token_obtain_for_a_deactivated_user_is_a_401(anonymous_client, make_user):
    make_user(email="gone@example.com", is_active=False)

    response = obtain(anonymous_client, email="gone@example.com")

    assert response.status_code == 401


@pytest.mark.django_db
def test_the_access_token_authenticates_api_calls(anonymous_client, user):
    access = obtain(anonymous_client).json()["access"]
    anonymous_client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")

    response = anonymous_client.get(ME_URL)

    assert response.status_code == 200
    assert response.json()["id"] == user.pk


@pytest.mark.django_db
def test_refresh_returns_a_new_access_and_a_new_refresh(anonymous_client, user):
    refresh = obtain(anonymous_client).json()["refresh"]

    response = anonymous_client.post(REFRESH_URL, {"refresh": refresh}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access", "refresh"}
    assert body["refresh"] != refresh


@pytest.mark.django_db
def test_a_rotated_refresh_token_is_refused(anonymous_client, user):
    old = obtain(anonymous_client).json()["refresh"]
    new = anonymous_client.post(REFRESH_URL, {"refresh": old}, format="json").json()["refresh"]

    replay = anonymous_client.post(REFRESH_URL, {"refresh": old}, format="json")
    follow_up = anonymous_client.post(REFRESH_URL, {"refresh": new}, format="json")

    assert replay.status_code == 401
    assert follow_up.status_code == 200


@pytest.mark.django_db
def test_refresh_with_garbage_is_a_401(anonymous_client):
    response = anonymous_client.post(REFRESH_URL, {"refresh": "garbage"}, format="json")

    assert response.status_code == 401


@pytest.mark.django_db
def test_verify_accepts_a_valid_token_and_refuses_a_tampered_one(anonymous_client, user):
    access = obtain(anonymous_client).json()["access"]

    valid = anonymous_client.post(VERIFY_URL, {"token": access}, format="json")
    tampered = anonymous_client.post(VERIFY_URL, {"token": access[:-2] + "xx"}, format="json")

    assert valid.status_code == 200
    assert tampered.status_code == 401


@pytest.mark.django_db
def test_verify_refuses_a_blacklisted_refresh_token(anonymous_client, api_client, user):
    refresh = obtain(anonymous_client).json()["refresh"]
    api_client.post(LOGOUT_URL, {"refresh": refresh}, format="json")

    response = anonymous_client.post(VERIFY_URL, {"token": refresh}, format="json")

    # simplejwt's verify answers a blacklisted (but well-signed) token with a 400, not a 401.
    assert response.status_code == 400


# Logout
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_logout_blacklists_the_refresh_token(anonymous_client, api_client, user):
    refresh = obtain(anonymous_client).json()["refresh"]

    response = api_client.post(LOGOUT_URL, {"refresh": refresh}, format="json")
    refresh_after = anonymous_client.post(REFRESH_URL, {"refresh": refresh}, format="json")

    assert response.status_code == 205
    assert refresh_after.status_code == 401


@pytest.mark.django_db
def test_logout_twice_with_the_same_refresh_is_a_400(api_client, user):
    refresh = str(RefreshToken.for_user(user))
    api_client.post(LOGOUT_URL, {"refresh": refresh}, format="json")

    response = api_client.post(LOGOUT_URL, {"refresh": refresh}, format="json")

    assert response.status_code == 400
    assert "refresh" in response.json()


@pytest.mark.django_db
def test_logout_with_someone_elses_refresh_is_a_400_and_leaves_it_valid(
    anonymous_client, api_client, other_user
):
    refresh = str(RefreshToken.for_user(other_user))

    response = api_client.post(LOGOUT_URL, {"refresh": refresh}, format="json")
    still_valid = anonymous_client.post(REFRESH_URL, {"refresh": refresh}, format="json")

    assert response.status_code == 400
    assert "refresh" in response.json()
    assert still_valid.status_code == 200


@pytest.mark.django_db
def test_logout_with_an_access_token_instead_of_a_refresh_is_a_400(api_client, user):
    access = str(RefreshToken.for_user(user).access_token)

    response = api_client.post(LOGOUT_URL, {"refresh": access}, format="json")

    assert response.status_code == 400
    assert "refresh" in response.json()


@pytest.mark.django_db
def test_logout_without_a_refresh_is_a_400(api_client):
    response = api_client.post(LOGOUT_URL, {}, format="json")

    assert response.status_code == 400
    assert "refresh" in response.json()


@pytest.mark.django_db
def test_logout_anonymous_is_a_401(anonymous_client, user):
    refresh = str(RefreshToken.for_user(user))

    response = anonymous_client.post(LOGOUT_URL, {"refresh": refresh}, format="json")

    assert response.status_code == 401


# Own profile
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_me_anonymous_is_a_401(anonymous_client):
    assert anonymous_client.get(ME_URL).status_code == 401


@pytest.mark.django_db
def test_me_with_a_garbage_token_is_a_401(anonymous_client):
    anonymous_client.credentials(HTTP_AUTHORIZATION="Bearer garbage")

    assert anonymous_client.get(ME_URL).status_code == 401


@pytest.mark.django_db
def test_me_returns_the_callers_own_profile(api_client, user, other_user):
    response = api_client.get(ME_URL)

    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "email": "ana@example.com",
        "first_name": "",
        "last_name": "",
        "goal": Goal.GENERAL_FITNESS,
        "level": Level.BEGINNER,
        "equipment": [],
        "time_zone": "UTC",
        "session_minutes": 60,
        "training_days_per_week": 5,
        "rx_category": "unspecified",
        "has_wall": True,
        "has_open_space": True,
    }


@pytest.mark.django_db
def test_patch_me_changes_goal_level_and_equipment(api_client, user):
    response = api_client.patch(
        ME_URL,
        {"goal": "endurance", "level": "intermediate", "equipment": ["rower", "jump_rope"]},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["goal"] == "endurance"
    assert response.json()["level"] == "intermediate"
    assert sorted(response.json()["equipment"]) == ["jump_rope", "rower"]
    user.refresh_from_db()
    assert (user.goal, user.level) == ("endurance", "intermediate")
    assert sorted(user.equipment.values_list("slug", flat=True)) == ["jump_rope", "rower"]


@pytest.mark.django_db
def test_patch_me_changes_only_the_fields_given(api_client, user):
    api_client.patch(ME_URL, {"level": "advanced", "equipment": ["barbell"]}, format="json")

    response = api_client.patch(ME_URL, {"first_name": "Ana"}, format="json")

    assert response.status_code == 200
    assert response.json()["first_name"] == "Ana"
    assert response.json()["level"] == "advanced"
    assert response.json()["goal"] == Goal.GENERAL_FITNESS
    assert response.json()["equipment"] == ["barbell"]


@pytest.mark.django_db
def test_patch_me_with_an_empty_equipment_list_clears_it(api_client, user):
    api_client.patch(ME_URL, {"equipment": ["barbell"]}, format="json")

    response = api_client.patch(ME_URL, {"equipment": []}, format="json")

    assert response.status_code == 200
    assert response.json()["equipment"] == []
    assert not user.equipment.exists()


@pytest.mark.django_db
def test_patch_me_changes_the_time_zone(api_client, user):
    response = api_client.patch(ME_URL, {"time_zone": "America/Los_Angeles"}, format="json")

    assert response.status_code == 200
    assert response.json()["time_zone"] == "America/Los_Angeles"
    user.refresh_from_db()
    assert user.time_zone == "America/Los_Angeles"


@pytest.mark.django_db
def test_patch_me_changes_the_session_length_training_week_rx_column_and_space(api_client, user):
    changes = {
        "session_minutes": 120,
        "training_days_per_week": 6,
        "rx_category": "women",
        "has_wall": False,
        "has_open_space": False,
    }

    response = api_client.patch(ME_URL, changes, format="json")

    assert response.status_code == 200
    assert {name: response.json()[name] for name in changes} == changes
    assert {name: api_client.get(ME_URL).json()[name] for name in changes} == changes
    user.refresh_from_db()
    assert {name: getattr(user, name) for name in changes} == changes


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("session_minutes", 0),
        ("session_minutes", 500),
        ("session_minutes", None),
        ("training_days_per_week", 0),
        ("training_days_per_week", 6.5),
        ("rx_category", "unisex"),
        ("has_open_space", None),
    ],
)
def test_patch_me_with_a_training_field_out_of_bounds_is_a_400_naming_it(
    api_client, user, field, value
):
    response = api_client.patch(ME_URL, {field: value}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    user.refresh_from_db()
    assert (user.session_minutes, user.training_days_per_week, user.rx_category) == (
        60,
        5,
        "unspecified",
    )
    assert user.has_wall
    assert user.has_open_space


@pytest.mark.django_db
@pytest.mark.parametrize("time_zone", ["Moon/Tranquility", "", "localtime", "x" * 65, 12])
def test_patch_me_with_an_invalid_time_zone_is_a_400_on_the_time_zone_field(
    api_client, user, time_zone
):
    response = api_client.patch(ME_URL, {"time_zone": time_zone}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["time_zone"]
    user.refresh_from_db()
    assert user.time_zone == "UTC"


@pytest.mark.django_db
def test_patch_me_with_an_invalid_goal_is_a_400_on_the_goal_field(api_client, user):
    response = api_client.patch(ME_URL, {"goal": "world_domination"}, format="json")

    assert response.status_code == 400
    assert "goal" in response.json()
    user.refresh_from_db()
    assert user.goal == Goal.GENERAL_FITNESS


@pytest.mark.django_db
def test_patch_me_with_an_unknown_equipment_slug_is_a_400(api_client, user):
    response = api_client.patch(ME_URL, {"equipment": ["time_machine"]}, format="json")

    assert response.status_code == 400
    assert "equipment" in response.json()


@pytest.mark.django_db
def test_patch_me_cannot_change_the_email(api_client, user):
    response = api_client.patch(ME_URL, {"email": "evil@example.com"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"email": ["Unknown field."]}
    user.refresh_from_db()
    assert user.email == "ana@example.com"


@pytest.mark.django_db
def test_patch_me_changes_only_the_callers_profile(api_client, user, other_user):
    api_client.patch(ME_URL, {"goal": "weight_loss"}, format="json")

    other_user.refresh_from_db()
    assert other_user.goal == Goal.GENERAL_FITNESS


@pytest.mark.django_db
def test_patch_me_anonymous_is_a_401(anonymous_client):
    response = anonymous_client.patch(ME_URL, {"goal": "endurance"}, format="json")

    assert response.status_code == 401


@pytest.mark.django_db
def test_a_deactivated_users_access_token_is_refused(user):
    client = client_for(user)
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert client.get(ME_URL).status_code == 401


@pytest.mark.django_db
def test_a_deleted_users_access_token_is_refused(user):
    client = client_for(user)
    user.delete()

    assert client.get(ME_URL).status_code == 401


@pytest.mark.django_db
def test_a_deactivated_users_refresh_token_is_refused(anonymous_client, user):
    refresh = str(RefreshToken.for_user(user))
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = anonymous_client.post(REFRESH_URL, {"refresh": refresh}, format="json")

    assert response.status_code == 401


@pytest.mark.django_db
def test_a_deleted_users_refresh_token_is_refused(anonymous_client, user):
    refresh = str(RefreshToken.for_user(user))
    user.delete()

    response = anonymous_client.post(REFRESH_URL, {"refresh": refresh}, format="json")

    assert response.status_code == 401
    assert response.json() == {"detail": "No active account found for the given token."}


# Changing the password
# ------------------------------------------------------------------------------

PASSWORD_CHANGE_URL = "/api/auth/password/change/"
NEW_PASSWORD = "a-brand-new-passphrase"


def change_password(client, old=PASSWORD, new=NEW_PASSWORD):
    return client.post(
        PASSWORD_CHANGE_URL, {"old_password": old, "new_password": new}, format="json"
    )


def bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


@pytest.mark.django_db
def test_changing_the_password_answers_a_new_pair_and_the_new_password_logs_in(
    anonymous_client, api_client, user
):
    response = change_password(api_client)

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}
    assert "no-store" in response["Cache-Control"]
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert obtain(anonymous_client, password=PASSWORD).status_code == 401
    assert obtain(anonymous_client, password=NEW_PASSWORD).status_code == 200


@pytest.mark.django_db
def test_after_a_password_change_an_access_token_from_before_is_a_401_and_one_from_after_works(
    anonymous_client, user
):
    before = obtain(anonymous_client).json()["access"]

    answer = change_password(bearer(before)).json()
    after_login = obtain(anonymous_client, password=NEW_PASSWORD).json()["access"]

    # CHECK_REVOKE_TOKEN: a token carries a hash of the password it was minted under.
    assert bearer(before).get(ME_URL).status_code == 401
    assert bearer(answer["access"]).get(ME_URL).status_code == 200
    assert bearer(after_login).get(ME_URL).status_code == 200


@pytest.mark.django_db
def test_after_a_password_change_every_refresh_token_from_before_is_refused_and_blacklisted(
    anonymous_client, user
):
    phone, laptop = (obtain(anonymous_client).json() for _ in range(2))

    answer = change_password(bearer(phone["access"])).json()

    for device in (phone, laptop):
        refused = anonymous_client.post(REFRESH_URL, {"refresh": device["refresh"]}, format="json")
        assert refused.status_code == 401
    blacklisted = set(BlacklistedToken.objects.values_list("token__jti", flat=True))
    assert {UntypedToken(device["refresh"])["jti"] for device in (phone, laptop)} <= blacklisted
    fresh = anonymous_client.post(REFRESH_URL, {"refresh": answer["refresh"]}, format="json")
    assert fresh.status_code == 200


@pytest.mark.django_db
def test_a_wrong_old_password_is_a_400_on_its_field_and_changes_nothing(api_client, user):
    tokens = obtain(APIClient()).json()

    response = change_password(api_client, old="not-my-password")

    assert response.status_code == 400
    assert response.json() == {"old_password": ["This is not your password."]}
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert bearer(tokens["access"]).get(ME_URL).status_code == 200
    refreshed = APIClient().post(REFRESH_URL, {"refresh": tokens["refresh"]}, format="json")
    assert refreshed.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("new", "message"),
    [
        pytest.param("kettle-bell", "at least 12 characters", id="eleven-characters"),
        pytest.param("password1234", "too common", id="common"),
        pytest.param("847362910475", "entirely numeric", id="numeric"),
        pytest.param("ana@example.com", "too similar", id="like-the-email"),
    ],
)
def test_a_weak_new_password_is_a_400_on_its_field_and_changes_nothing(
    api_client, user, new, message
):
    response = change_password(api_client, new=new)

    assert response.status_code == 400
    assert list(response.json()) == ["new_password"]
    assert message in " ".join(response.json()["new_password"])
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_a_password_change_without_the_passwords_names_both_fields(api_client):
    response = api_client.post(PASSWORD_CHANGE_URL, {}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"old_password", "new_password"}


@pytest.mark.django_db
def test_changing_the_password_needs_a_token(anonymous_client, user):
    assert change_password(anonymous_client).status_code == 401
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_a_browser_session_that_changes_the_password_stays_logged_in_and_the_others_end(user):
    changing, other = APIClient(), APIClient()
    for browser in (changing, other):
        browser.force_login(user)

    assert change_password(changing).status_code == 200

    assert changing.get(ME_URL).status_code == 200
    assert other.get(ME_URL).status_code == 401


# Deleting the account
# ------------------------------------------------------------------------------


def delete_account(client, password=PASSWORD):
    return client.delete(ME_URL, {"password": password}, format="json")


@pytest.mark.django_db
def test_deleting_the_account_answers_204_and_the_account_is_gone(api_client, user, other_user):
    response = delete_account(api_client)

    # Its WOD requests and WODs go too: wods/tests/test_apis.py.
    assert response.status_code == 204
    assert not User.objects.filter(pk=user.pk).exists()
    assert User.objects.filter(pk=other_user.pk).exists()


@pytest.mark.django_db
def test_a_deleted_accounts_tokens_stop_working(anonymous_client, user):
    tokens = obtain(anonymous_client).json()

    assert delete_account(bearer(tokens["access"])).status_code == 204

    assert bearer(tokens["access"]).get(ME_URL).status_code == 401
    refreshed = anonymous_client.post(REFRESH_URL, {"refresh": tokens["refresh"]}, format="json")
    assert refreshed.status_code == 401
    assert BlacklistedToken.objects.filter(token__jti=UntypedToken(tokens["refresh"])["jti"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "errors"),
    [
        pytest.param(
            {"password": "not-my-password"},
            {"password": ["This is not your password."]},
            id="wrong",
        ),
        pytest.param({}, {"password": ["This field is required."]}, id="missing"),
        pytest.param({"password": ""}, {"password": ["This field may not be blank."]}, id="blank"),
    ],
)
def test_deleting_the_account_without_its_password_is_a_400_and_deletes_nothing(
    api_client, user, body, errors
):
    response = api_client.delete(ME_URL, body, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert User.objects.filter(pk=user.pk).exists()
    assert api_client.get(ME_URL).status_code == 200


@pytest.mark.django_db
def test_deleting_the_account_needs_a_token(anonymous_client, user):
    assert delete_account(anonymous_client).status_code == 401
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_a_deleted_address_may_register_again_and_the_old_tokens_do_not_open_the_new_account(
    anonymous_client, user
):
    old = obtain(anonymous_client).json()
    delete_account(bearer(old["access"]))

    registered = register(anonymous_client, email="ana@example.com")

    assert registered.status_code == 201
    assert registered.json()["id"] != user.pk
    assert bearer(old["access"]).get(ME_URL).status_code == 401
