"""Sessions end: JWT_SESSION_MAX_DAYS after the login, through every rotation, and on a new
password. Expired tokens are deleted by the nightly job.

A session that began long ago is a refresh token the server signed with an old `auth_time`:
the tests sign such tokens as the server would have, rather than wait for days.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken, UntypedToken

from testing.clients import client_for
from users.cron import flush_expired_tokens
from users.tokens import SESSION_START_CLAIM, SessionRefreshToken

TOKEN_URL = "/api/auth/token/"
REFRESH_URL = "/api/auth/token/refresh/"
ME_URL = "/api/users/me/"
PASSWORD = "correct-horse-battery"  # make_user's default

pytestmark = pytest.mark.django_db


def log_in(client) -> dict:
    response = client.post(TOKEN_URL, {"email": "ana@example.com", "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()


def refresh(client, token: str):
    return client.post(REFRESH_URL, {"refresh": token}, format="json")


def session_start(token: str) -> int:
    return UntypedToken(token)[SESSION_START_CLAIM]


def token_from_a_login_days_ago(user, days: float) -> str:
    """A refresh token as a rotation would hand it out today, for a login `days` ago."""
    token = SessionRefreshToken.for_user(user)
    token[SESSION_START_CLAIM] = int((timezone.now() - timedelta(days=days)).timestamp())
    return str(token)


def test_a_login_stamps_its_time_and_every_rotation_carries_it_on(anonymous_client, user):
    first = log_in(anonymous_client)["refresh"]

    second = refresh(anonymous_client, first).json()["refresh"]
    third = refresh(anonymous_client, second).json()["refresh"]

    assert session_start(first) == session_start(second) == session_start(third)
    assert session_start(third) == UntypedToken(first)["iat"]


def test_a_refresh_token_older_than_the_session_cap_is_refused_though_freshly_rotated(
    anonymous_client, user
):
    token = token_from_a_login_days_ago(user, settings.JWT_SESSION_MAX_DAYS + 0.01)

    response = refresh(anonymous_client, token)

    assert response.status_code == 401
    assert f"more than {settings.JWT_SESSION_MAX_DAYS} days ago" in response.json()["detail"]
    assert "access" not in response.json()


def test_a_session_younger_than_the_cap_refreshes_and_keeps_its_start(anonymous_client, user):
    token = token_from_a_login_days_ago(user, settings.JWT_SESSION_MAX_DAYS - 1)

    response = refresh(anonymous_client, token)

    assert response.status_code == 200
    assert session_start(response.json()["refresh"]) == session_start(token)


def test_the_cap_follows_jwt_session_max_days(anonymous_client, user, settings):
    settings.JWT_SESSION_MAX_DAYS = 2
    token = token_from_a_login_days_ago(user, 3)

    assert refresh(anonymous_client, token).status_code == 401


def test_a_token_without_a_session_start_counts_its_session_from_its_issue(anonymous_client, user):
    legacy = RefreshToken.for_user(user)

    response = refresh(anonymous_client, str(legacy))

    assert response.status_code == 200
    assert session_start(response.json()["refresh"]) == legacy["iat"]


def test_a_new_password_revokes_the_access_and_the_refresh_tokens(anonymous_client, user):
    tokens = log_in(anonymous_client)
    api_client = client_for(user)
    user.set_password("a-brand-new-passphrase")
    user.save(update_fields=["password"])

    me = anonymous_client.get(ME_URL, HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    refreshed = refresh(anonymous_client, tokens["refresh"])

    assert me.status_code == 401
    assert api_client.get(ME_URL).status_code == 401
    assert refreshed.status_code == 401
    assert "password has changed" in refreshed.json()["detail"]
    fresh = anonymous_client.post(
        TOKEN_URL, {"email": user.email, "password": "a-brand-new-passphrase"}
    )
    assert client_for(user).get(ME_URL).status_code == 200
    assert refresh(anonymous_client, fresh.json()["refresh"]).status_code == 200


def test_tokens_survive_what_does_not_change_the_password(anonymous_client, user):
    tokens = log_in(anonymous_client)
    user.first_name = "Ana"
    user.save()
    log_in(anonymous_client)  # another login updates last_login

    me = anonymous_client.get(ME_URL, HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")

    assert me.status_code == 200
    assert refresh(anonymous_client, tokens["refresh"]).status_code == 200


def test_the_nightly_job_deletes_expired_tokens_and_their_blacklist_entries_only(user):
    expired, blacklisted_live, live = (RefreshToken.for_user(user) for _ in range(3))
    expired.blacklist()
    blacklisted_live.blacklist()
    OutstandingToken.objects.filter(jti=expired["jti"]).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    flush_expired_tokens()

    assert set(OutstandingToken.objects.values_list("jti", flat=True)) == {
        blacklisted_live["jti"],
        live["jti"],
    }
    assert list(BlacklistedToken.objects.values_list("token__jti", flat=True)) == [
        blacklisted_live["jti"]
    ]


def test_the_nightly_job_is_scheduled():
    assert any(job[1] == "users.cron.flush_expired_tokens" for job in settings.CRONJOBS)
