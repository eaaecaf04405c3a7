"""Refresh tokens whose session ends: at most JWT_SESSION_MAX_DAYS after the login.

Each refresh hands out a new refresh token with a new lifetime (rotation), so without a cap a
stolen refresh token would live for ever. The login's time rides along in the `auth_time`
claim (OpenID Connect's name for it), copied by every rotation, and a refresh token whose
session began longer ago is refused. So is one minted before the account's password last
changed (simplejwt's CHECK_REVOKE_TOKEN claim), which simplejwt checks on access tokens only.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import datetime_from_epoch, get_md5_hash_password

SESSION_START_CLAIM = "auth_time"


class SessionRefreshToken(RefreshToken):
    @classmethod
    def for_user(cls, user):
        token = super().for_user(user)
        token[SESSION_START_CLAIM] = token["iat"]
        return token

    def verify(self, *args, **kwargs) -> None:
        super().verify(*args, **kwargs)
        # A token minted without the claim (by RefreshToken.for_user, as scripts and tests do)
        # began its session when it was issued; its rotations carry that start on.
        self.payload.setdefault(SESSION_START_CLAIM, self.payload.get("iat"))
        self.check_session_age()
        self.check_password_unchanged()

    def check_session_age(self) -> None:
        started = self.payload[SESSION_START_CLAIM]
        limit = timedelta(days=settings.JWT_SESSION_MAX_DAYS)
        if started is None or self.current_time - datetime_from_epoch(started) > limit:
            raise TokenError(
                f"This session began more than {settings.JWT_SESSION_MAX_DAYS} days ago: "
                "log in again."
            )

    def check_password_unchanged(self) -> None:
        if not api_settings.CHECK_REVOKE_TOKEN:
            return
        password = (
            get_user_model()
            .objects.filter(
                **{api_settings.USER_ID_FIELD: self.payload.get(api_settings.USER_ID_CLAIM)}
            )
            .values_list("password", flat=True)
            .first()
        )
        # No such user: the refresh serializer answers that, as it does without this check.
        if password is not None and self.payload.get(
            api_settings.REVOKE_TOKEN_CLAIM
        ) != get_md5_hash_password(password):
            raise TokenError("The password has changed since this token was issued: log in again.")
