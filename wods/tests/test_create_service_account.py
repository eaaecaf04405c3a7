"""`manage.py create_service_account`: the account the daily cron job logs in with.

It is no staff: its one permission is to ask for everyone's daily WOD.
"""

from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command

from users.models import User
from wods.permissions import DAILY_WODS_PERMISSION

PASSWORD = "a-long-unusual-service-passphrase"

pytestmark = pytest.mark.django_db


@pytest.fixture
def service_settings(settings):
    settings.COACH_SERVICE_EMAIL = "Cron@Coach.Example"
    settings.COACH_SERVICE_PASSWORD = PASSWORD
    return settings


def create_service_account() -> str:
    out = StringIO()
    call_command("create_service_account", stdout=out)
    return out.getvalue()


def test_it_creates_an_active_account_with_the_daily_wods_permission_alone(service_settings):
    assert create_service_account() == "Service account Cron@Coach.Example created.\n"

    account = User.objects.get()
    assert account.email == "cron@coach.example"
    assert account.check_password(PASSWORD)
    assert (account.is_active, account.is_staff, account.is_superuser) == (True, False, False)
    assert account.get_all_permissions() == {DAILY_WODS_PERMISSION}


def test_running_it_again_updates_the_one_account_from_the_environment(service_settings):
    create_service_account()
    User.objects.update(is_active=False)
    User.objects.get().user_permissions.clear()
    service_settings.COACH_SERVICE_PASSWORD = "another-long-unusual-passphrase"

    assert create_service_account().endswith("updated.\n")

    account = User.objects.get()
    assert account.check_password("another-long-unusual-passphrase")
    assert account.is_active
    assert account.get_all_permissions() == {DAILY_WODS_PERMISSION}


def test_an_account_left_staff_by_an_earlier_version_loses_staff_and_other_rights(
    service_settings,
):
    old = User.objects.create_user(
        email="cron@coach.example", password=PASSWORD, is_staff=True, is_superuser=True
    )
    old.user_permissions.add(Permission.objects.get(codename="change_exercise"))

    assert create_service_account().endswith("updated.\n")

    account = User.objects.get()
    assert (account.is_staff, account.is_superuser) == (False, False)
    assert account.get_all_permissions() == {DAILY_WODS_PERMISSION}


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("cron@coach.example", "", "COACH_SERVICE_PASSWORD is not set."),
        ("cron@coach.example", "password123", "COACH_SERVICE_PASSWORD is not strong enough"),
        ("not an email", PASSWORD, "COACH_SERVICE_EMAIL 'not an email' is not an email address."),
    ],
)
def test_a_missing_or_bad_setting_is_a_command_error_and_creates_nothing(
    settings, email, password, message
):
    settings.COACH_SERVICE_EMAIL = email
    settings.COACH_SERVICE_PASSWORD = password

    with pytest.raises(CommandError, match=message):
        create_service_account()

    assert not User.objects.exists()


def test_a_weak_password_is_refused_without_being_echoed(settings):
    settings.COACH_SERVICE_PASSWORD = "password123"

    with pytest.raises(CommandError) as error:
        create_service_account()

    assert "password123" not in str(error.value)
