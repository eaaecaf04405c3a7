"""The Django admin for users: email as the login, no username anywhere."""

import pytest
from django.test import Client
from django.urls import reverse

from users.models import User

# A user's change form as the admin posts it, with the profile's defaults.
CHANGE_FORM = {
    "email": "ana@example.com",
    "goal": "general_fitness",
    "level": "beginner",
    "time_zone": "UTC",
    "session_minutes": "60",
    "training_days_per_week": "5",
    "rx_category": "unspecified",
    "has_wall": "on",
    "has_open_space": "on",
    "is_active": "on",
    "date_joined_0": "2026-01-01",
    "date_joined_1": "10:00:00",
}


@pytest.fixture
def superuser(make_user) -> User:
    return make_user(email="root@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


@pytest.mark.django_db
def test_the_user_changelist_renders_and_searches_by_email(admin_client, user, other_user):
    response = admin_client.get(reverse("admin:users_user_changelist"), {"q": "ana@"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "ana@example.com" in content
    assert "bo@example.com" not in content


@pytest.mark.django_db
def test_the_user_add_page_asks_for_an_email_and_two_passwords(admin_client):
    response = admin_client.get(reverse("admin:users_user_add"))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert {"email", "password1", "password2"} <= set(form.fields)
    assert "username" not in form.fields


@pytest.mark.django_db
def test_the_user_change_page_renders_the_profile(admin_client, user):
    response = admin_client.get(reverse("admin:users_user_change", args=[user.pk]))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert {"email", "goal", "level", "equipment", "time_zone"} <= set(form.fields)
    assert {
        "session_minutes",
        "training_days_per_week",
        "rx_category",
        "has_wall",
        "has_open_space",
    } <= set(form.fields)
    assert "username" not in form.fields
    assert "ana@example.com" in response.content.decode()


@pytest.mark.django_db
def test_the_password_change_page_renders(admin_client, user):
    response = admin_client.get(reverse("admin:auth_user_password_change", args=[user.pk]))

    assert response.status_code == 200


@pytest.mark.django_db
def test_adding_a_user_through_the_admin_creates_an_account_that_can_log_in(admin_client):
    response = admin_client.post(
        reverse("admin:users_user_add"),
        {
            "email": "Added@Example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email__iexact="added@example.com")
    assert user.email == "added@example.com"
    assert user.check_password("a-long-unusual-passphrase")
    assert not user.is_staff
    assert response["Location"] == reverse("admin:users_user_change", args=[user.pk])


@pytest.mark.django_db
def test_adding_a_user_through_the_admin_with_a_taken_email_in_another_case_fails(
    admin_client, user
):
    response = admin_client.post(
        reverse("admin:users_user_add"),
        {
            "email": "ANA@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert User.objects.filter(email__iexact="ana@example.com").count() == 1


@pytest.mark.django_db
def test_adding_a_user_through_the_admin_with_mismatched_passwords_fails(admin_client):
    response = admin_client.post(
        reverse("admin:users_user_add"),
        {
            "email": "added@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "another-long-passphrase",
        },
    )

    assert response.status_code == 200
    assert "password2" in response.context["adminform"].form.errors
    assert not User.objects.filter(email="added@example.com").exists()


@pytest.mark.django_db
def test_changing_a_user_through_the_admin_saves_the_profile(admin_client, user):
    response = admin_client.post(
        reverse("admin:users_user_change", args=[user.pk]),
        {
            "email": "ana@example.com",
            "first_name": "Ana",
            "last_name": "",
            "goal": "endurance",
            "level": "advanced",
            "equipment": [],
            "time_zone": "Asia/Kolkata",
            "session_minutes": "45",
            "training_days_per_week": "4",
            "rx_category": "women",
            "has_open_space": "on",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert (user.first_name, user.goal, user.level) == ("Ana", "endurance", "advanced")
    assert user.time_zone == "Asia/Kolkata"
    assert (user.session_minutes, user.training_days_per_week) == (45, 4)
    assert user.rx_category == "women"
    assert (user.has_wall, user.has_open_space) == (False, True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [("session_minutes", "19"), ("session_minutes", "121"), ("training_days_per_week", "7")],
)
def test_the_admin_refuses_a_session_length_or_training_week_out_of_bounds(
    admin_client, user, field, value
):
    response = admin_client.post(
        reverse("admin:users_user_change", args=[user.pk]),
        {**CHANGE_FORM, field: value},
    )

    assert field in response.context["adminform"].form.errors
    user.refresh_from_db()
    assert (user.session_minutes, user.training_days_per_week) == (60, 5)


@pytest.mark.django_db
def test_the_admin_offers_the_time_zones_to_pick_from_and_refuses_any_other(admin_client, user):
    url = reverse("admin:users_user_change", args=[user.pk])

    page = admin_client.get(url)
    response = admin_client.post(
        url,
        {
            "email": "ana@example.com",
            "goal": "general_fitness",
            "level": "beginner",
            "time_zone": "Europe/Atlantis",
            "session_minutes": "60",
            "training_days_per_week": "5",
            "rx_category": "unspecified",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )

    assert '<option value="Pacific/Auckland">' in page.content.decode()
    assert '<option value="UTC" selected>' in page.content.decode()
    assert "time_zone" in response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.time_zone == "UTC"


@pytest.mark.django_db
def test_changing_the_email_through_the_admin_stores_it_lowercased(admin_client, user):
    response = admin_client.post(
        reverse("admin:users_user_change", args=[user.pk]),
        {
            **CHANGE_FORM,
            "email": "Ana.Silva@Example.com",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.email == "ana.silva@example.com"


@pytest.mark.django_db
def test_a_non_staff_user_cannot_open_the_user_admin(user):
    client = Client()
    client.force_login(user)

    response = client.get(reverse("admin:users_user_changelist"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
