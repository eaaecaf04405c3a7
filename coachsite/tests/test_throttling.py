"""Throttles: registration and tokens per client address, WOD requests per user, 429 + Retry-After.

The test settings allow a high rate so the rest of the suite never meets a throttle; these tests
lower one scope's rate for their own duration, and count under cache keys of their own.
"""

import logging
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from coachsite.settings.base import throttle_rate
from testing.cache import cache_settings, unreachable_redis_url
from testing.clients import client_for

REGISTER_URL = "/api/auth/register/"
TOKEN_URL = "/api/auth/token/"
REQUESTS_URL = "/api/wods/requests/"
ME_URL = "/api/users/me/"
PASSWORD_CHANGE_URL = "/api/auth/password/change/"
AUTH_CALLS = {
    "register": (REGISTER_URL, {"email": "new@example.com", "password": "short"}),
    "token": (TOKEN_URL, {"email": "ana@example.com", "password": "wrong"}),
    "refresh": ("/api/auth/token/refresh/", {"refresh": "not-a-token"}),
    "verify": ("/api/auth/token/verify/", {"token": "not-a-token"}),
}


@pytest.fixture(autouse=True)
def own_cache_keys(settings) -> None:
    """No earlier test's counts, and no other run's: the cache may be a Redis others share."""
    default = settings.CACHES["default"]
    settings.CACHES = {
        "default": {**default, "KEY_PREFIX": f"{default['KEY_PREFIX']}-{uuid.uuid4()}"}
    }


@pytest.fixture
def rate(monkeypatch):
    """Set one scope's rate for this test."""

    def set_rate(scope: str, value: str) -> None:
        monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, scope, value)

    return set_rate


def post(client: APIClient, call: str, **extra):
    url, payload = AUTH_CALLS[call]
    return client.post(url, payload, format="json", **extra)


@pytest.mark.django_db
@pytest.mark.parametrize("call", list(AUTH_CALLS))
def test_an_auth_endpoint_answers_429_with_retry_after_past_the_rate(call, rate, user):
    rate("auth", "3/min")
    client = APIClient()

    statuses = [post(client, call).status_code for _ in range(3)]
    throttled = post(client, call)

    assert 429 not in statuses
    assert throttled.status_code == 429
    assert 1 <= int(throttled["Retry-After"]) <= 60
    assert "throttled" in throttled.json()["detail"]


@pytest.mark.django_db
def test_registration_and_token_calls_share_one_budget_per_address(rate, user):
    rate("auth", "4/min")
    client = APIClient()

    for call in AUTH_CALLS:
        assert post(client, call).status_code != 429

    assert post(client, "token").status_code == 429


@pytest.mark.django_db
def test_a_throttled_login_is_refused_even_with_the_right_password(rate, user):
    rate("auth", "2/min")
    client = APIClient()
    for _ in range(2):
        post(client, "token")

    response = client.post(
        TOKEN_URL, {"email": "ana@example.com", "password": "correct-horse-battery"}, format="json"
    )

    assert response.status_code == 429
    assert "access" not in response.json()


@pytest.mark.django_db
def test_another_address_keeps_its_own_budget(rate, user):
    rate("auth", "2/min")
    client = APIClient()
    for _ in range(2):
        post(client, "token", REMOTE_ADDR="203.0.113.7")

    assert post(client, "token", REMOTE_ADDR="203.0.113.7").status_code == 429
    assert post(client, "token", REMOTE_ADDR="198.51.100.20").status_code == 401


@pytest.mark.django_db
def test_a_forged_x_forwarded_for_does_not_escape_the_throttle(rate, user):
    rate("auth", "2/min")
    client = APIClient()

    responses = [
        post(client, "token", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}") for number in range(4)
    ]

    assert [response.status_code for response in responses] == [401, 401, 429, 429]


@pytest.mark.django_db
def test_behind_one_trusted_proxy_the_forwarded_client_address_is_counted(rate, settings, user):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    rate("auth", "1/min")
    client = APIClient()

    first = post(client, "token", HTTP_X_FORWARDED_FOR="203.0.113.7")
    same_client = post(client, "token", HTTP_X_FORWARDED_FOR="203.0.113.7")
    other_client = post(client, "token", HTTP_X_FORWARDED_FOR="198.51.100.20")

    assert (first.status_code, same_client.status_code, other_client.status_code) == (
        401,
        429,
        401,
    )


@pytest.mark.django_db
def test_wod_requests_are_throttled_per_user(rate, user, other_user):
    rate("wod_request", "2/hour")
    client, other_client = client_for(user), client_for(other_user)

    accepted = [client.post(REQUESTS_URL, format="json").status_code for _ in range(2)]
    throttled = client.post(REQUESTS_URL, format="json")

    assert accepted == [202, 202]
    assert throttled.status_code == 429
    assert 1 <= int(throttled["Retry-After"]) <= 3600
    assert other_client.post(REQUESTS_URL, format="json").status_code == 202
    # Reading stays open: only asking for WODs is throttled.
    listed = client.get(REQUESTS_URL)
    assert listed.status_code == 200
    assert listed.json()["count"] == 2


@pytest.mark.django_db
def test_changing_the_password_and_deleting_the_account_are_throttled_per_user_at_the_auth_rate(
    rate, user, other_user
):
    rate("auth", "3/min")
    client = client_for(user)
    wrong = {"old_password": "not-the-password", "new_password": "a-brand-new-passphrase"}

    refused = [
        client.post(PASSWORD_CHANGE_URL, wrong, format="json").status_code,
        client.delete(ME_URL, {"password": "not-the-password"}, format="json").status_code,
        client.post(PASSWORD_CHANGE_URL, wrong, format="json").status_code,
    ]
    throttled = client.delete(ME_URL, {"password": "correct-horse-battery"}, format="json")

    # Each guess at the password counts; past the rate even the right one is refused.
    assert refused == [400, 400, 400]
    assert throttled.status_code == 429
    assert 1 <= int(throttled["Retry-After"]) <= 60
    # The account is still there: reading the profile is not throttled. Another athlete has
    # a budget of their own.
    assert client.get(ME_URL).status_code == 200
    assert client_for(other_user).post(PASSWORD_CHANGE_URL, wrong, format="json").status_code == 400


@pytest.mark.django_db
def test_throttle_counts_live_in_the_redis_every_worker_shares(redis_cache, rate, settings, user):
    rate("auth", "5/min")

    post(APIClient(), "token", REMOTE_ADDR="203.0.113.7")

    # Read straight from Redis, as another gunicorn worker's cache client would.
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    assert redis_cache.exists(f"{prefix}:1:throttle_auth_203.0.113.7")


@pytest.mark.django_db
def test_with_the_cache_down_the_throttled_endpoints_answer_and_the_failure_is_logged(
    rate, settings, user, caplog
):
    settings.CACHES = cache_settings(unreachable_redis_url())
    rate("auth", "1/min")
    client = APIClient()

    with caplog.at_level(logging.ERROR, logger="coachsite.throttling"):
        statuses = [post(client, "token").status_code for _ in range(2)]
        login = client.post(
            TOKEN_URL, {"email": "ana@example.com", "password": "correct-horse-battery"}
        )

    assert statuses == [401, 401]
    assert login.status_code == 200
    assert "Throttle 'auth' not applied, the cache failed" in caplog.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [("10/min", "10/min"), ("60/hour", "60/hour"), (" 5/Second ", "5/second"), ("none", None)],
)
def test_a_throttle_rate_is_read_from_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv("THROTTLE_ANON_AUTH", value)

    assert throttle_rate("THROTTLE_ANON_AUTH", "1/min") == expected


@pytest.mark.parametrize("value", ["ten/min", "10", "10/fortnight", "/min", "-1/min"])
def test_a_malformed_throttle_rate_stops_the_settings_with_a_clear_error(monkeypatch, value):
    monkeypatch.setenv("THROTTLE_ANON_AUTH", value)

    with pytest.raises(ImproperlyConfigured, match="THROTTLE_ANON_AUTH"):
        throttle_rate("THROTTLE_ANON_AUTH", "1/min")
