"""Login lockout: ten wrong passwords for one account from one address lock that pair only.

The tests log in through the real login pages (the admin's and the browsable API's) and the
token endpoint, from client addresses they choose (REMOTE_ADDR). The API throttles stay at the
test settings' high rates, so what refuses a login here is the lockout.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import Client
from rest_framework.test import APIClient

PASSWORD = "correct-horse-battery"  # conftest's make_user
WRONG = "not-the-password"
ATTACKER, OWNER = "203.0.113.7", "198.51.100.20"
TOKEN_URL = "/api/auth/token/"
LOCKED = "Too many failed logins for this account from your address"

pytestmark = pytest.mark.django_db


def login_pages() -> list:
    return [
        pytest.param("/api-auth/login/", False, id="browsable-api"),
        pytest.param(f"/{settings.ADMIN_URL}login/", True, id="admin"),
    ]


def log_in(client: Client, url: str, email: str, password: str, address: str):
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=address)


def fail_ten_times(url: str, email: str, address: str = ATTACKER) -> list[int]:
    client = Client()
    return [log_in(client, url, email, WRONG, address).status_code for _ in range(10)]


@pytest.mark.parametrize(("url", "staff"), login_pages())
def test_the_eleventh_wrong_password_is_refused_with_a_clear_message(make_user, url, staff):
    account = make_user(is_staff=staff)

    statuses = fail_ten_times(url, account.email)
    eleventh = log_in(Client(), url, account.email, WRONG, ATTACKER)

    # The first nine are wrong passwords; the tenth locks the pair and says so.
    assert statuses == [200] * 9 + [429]
    assert eleventh.status_code == 429
    assert LOCKED in eleventh.content.decode()
    assert eleventh["Retry-After"] == str(settings.AXES_COOLOFF_TIME.seconds)
    assert 'name="password"' in eleventh.content.decode(), "still the login page"


@pytest.mark.parametrize(("url", "staff"), login_pages())
def test_a_locked_pair_is_refused_even_the_right_password(make_user, url, staff):
    account = make_user(is_staff=staff)
    fail_ten_times(url, account.email)
    client = Client()

    response = log_in(client, url, account.email, PASSWORD, ATTACKER)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("url", "staff"), login_pages())
def test_the_owner_logs_in_from_another_address_while_the_attackers_is_locked(
    make_user, url, staff
):
    account = make_user(is_staff=staff)
    fail_ten_times(url, account.email)
    client = Client()

    response = log_in(client, url, account.email, PASSWORD, OWNER)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(account.pk)


@pytest.mark.parametrize(("url", "staff"), login_pages())
def test_the_cool_off_ends_the_lockout(make_user, url, staff):
    account = make_user(is_staff=staff)
    fail_ten_times(url, account.email)
    # The last attempt, a cool-off and a second ago.
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    client = Client()

    response = log_in(client, url, account.email, PASSWORD, ATTACKER)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(account.pk)


def test_the_lockout_is_per_account_another_account_from_the_same_address_logs_in(make_user):
    target, other = make_user(), make_user()
    fail_ten_times("/api-auth/login/", target.email)

    response = log_in(Client(), "/api-auth/login/", other.email, PASSWORD, ATTACKER)

    assert response.status_code == 302


def test_the_account_is_counted_whatever_the_case_of_its_email(make_user):
    account = make_user(email="ana@example.com")
    client = Client()
    for email in ["Ana@Example.com", "ANA@EXAMPLE.COM", " ana@example.com"] * 3 + [account.email]:
        log_in(client, "/api-auth/login/", email, WRONG, ATTACKER)

    response = log_in(client, "/api-auth/login/", "aNa@example.com", PASSWORD, ATTACKER)

    assert response.status_code == 429


def test_a_forged_x_forwarded_for_does_not_escape_the_lockout(make_user):
    account = make_user()
    client = Client()
    for number in range(10):
        client.post(
            "/api-auth/login/",
            {"username": account.email, "password": WRONG},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}",
        )

    response = client.post(
        "/api-auth/login/",
        {"username": account.email, "password": PASSWORD},
        REMOTE_ADDR=ATTACKER,
        HTTP_X_FORWARDED_FOR="10.0.0.99",
    )

    assert response.status_code == 429


def test_behind_one_trusted_proxy_the_forwarded_client_address_is_the_one_locked(
    make_user, settings
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    account = make_user()
    proxy = "192.0.2.1"
    for _ in range(10):
        Client().post(
            "/api-auth/login/",
            {"username": account.email, "password": WRONG},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=ATTACKER,
        )

    def log_in_through_the_proxy(client_address: str) -> int:
        return (
            Client()
            .post(
                "/api-auth/login/",
                {"username": account.email, "password": PASSWORD},
                REMOTE_ADDR=proxy,
                HTTP_X_FORWARDED_FOR=client_address,
            )
            .status_code
        )

    assert log_in_through_the_proxy(ATTACKER) == 429
    assert log_in_through_the_proxy(OWNER) == 302


def obtain(address: str, password: str, email: str = "ana@example.com"):
    return APIClient().post(
        TOKEN_URL, {"email": email, "password": password}, format="json", REMOTE_ADDR=address
    )


def test_the_token_endpoint_locks_the_pair_with_a_429_and_retry_after(user):
    statuses = [obtain(ATTACKER, WRONG).status_code for _ in range(10)]
    eleventh = obtain(ATTACKER, PASSWORD)

    assert statuses == [401] * 9 + [429]
    assert eleventh.status_code == 429
    assert LOCKED in eleventh.json()["detail"]
    assert eleventh["Retry-After"] == str(settings.AXES_COOLOFF_TIME.seconds)
    assert "access" not in eleventh.json()


def test_the_token_endpoint_still_serves_the_owner_from_another_address(user):
    for _ in range(10):
        obtain(ATTACKER, WRONG)

    response = obtain(OWNER, PASSWORD)

    assert response.status_code == 200
    assert {"access", "refresh"} <= response.json().keys()


def test_a_right_password_clears_its_pairs_count(user):
    for _ in range(9):
        obtain(ATTACKER, WRONG)
    assert obtain(ATTACKER, PASSWORD).status_code == 200

    statuses = [obtain(ATTACKER, WRONG).status_code for _ in range(9)]

    assert statuses == [401] * 9


def test_a_login_with_an_overlong_email_is_an_answer_not_a_server_error(user):
    response = obtain(ATTACKER, WRONG, email="a" * 5000 + "@example.com")

    assert response.status_code == 401
