from django.contrib.auth import update_session_auth_hash
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView, TokenVerifyView

from users.selectors import user_get_profile
from users.serializers import (
    AccountDeleteInputSerializer,
    LogoutInputSerializer,
    PasswordChangeInputSerializer,
    ProfileSerializer,
    ProfileUpdateInputSerializer,
    RegisterInputSerializer,
    TokenObtainInputSerializer,
    TokenPairSerializer,
    TokenRefreshInputSerializer,
    TokenVerifyInputSerializer,
)
from users.services import (
    user_create,
    user_delete,
    user_logout,
    user_password_change,
    user_update_profile,
)

# Tokens and profiles are for their owner alone: no browser, proxy or CDN may keep a copy
# (`Cache-Control: no-store`, among never_cache's headers).
no_store = method_decorator(never_cache, name="dispatch")


@no_store
class RegisterApi(APIView):
    """Create an account with an email and a password; answers with the new profile."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_scope = "auth"

    @extend_schema(request=RegisterInputSerializer, responses={201: ProfileSerializer})
    def post(self, request):
        serializer = RegisterInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_create(**serializer.validated_data)
        return Response(ProfileSerializer(user).data, status=status.HTTP_201_CREATED)


def session_authenticated(request) -> bool:
    """The caller logged in to the browsable API (a session), rather than sent a token."""
    return isinstance(request.successful_authenticator, SessionAuthentication)


@no_store
class MeApi(APIView):
    """The caller's own profile: goal, level, equipment at hand and time zone.

    `DELETE` deletes the account, confirmed by its password, with its WOD requests, WODs and
    results.
    """

    # DELETE's body, which the schema documents too (coachsite/schema.py).
    delete_request_serializer = AccountDeleteInputSerializer

    @property
    def throttle_scope(self) -> str | None:
        # Deleting asks for the password, so it is throttled as logging in is.
        return "auth" if self.request.method == "DELETE" else None

    @extend_schema(responses=ProfileSerializer)
    def get(self, request):
        return Response(ProfileSerializer(user_get_profile(user_id=request.user.pk)).data)

    @extend_schema(request=ProfileUpdateInputSerializer, responses=ProfileSerializer)
    def patch(self, request):
        serializer = ProfileUpdateInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = user_update_profile(user=request.user, **serializer.validated_data)
        return Response(ProfileSerializer(user_get_profile(user_id=user.pk)).data)

    @extend_schema(responses={204: None})
    def delete(self, request):
        serializer = self.delete_request_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user_delete(user=request.user, password=serializer.validated_data["password"])
        if session_authenticated(request):
            request.session.flush()
        return Response(status=status.HTTP_204_NO_CONTENT)


@no_store
class PasswordChangeApi(APIView):
    """Change the caller's password; answers with a new token pair.

    Every refresh token issued before is revoked and every access token minted before is
    refused: a client that changes the password goes on with the pair in the answer, all
    others must log in again. A browser session that made the change stays logged in; other
    sessions end.
    """

    throttle_scope = "auth"

    @extend_schema(request=PasswordChangeInputSerializer, responses={200: TokenPairSerializer})
    def post(self, request):
        serializer = PasswordChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = user_password_change(user=request.user, **serializer.validated_data)
        if session_authenticated(request):
            update_session_auth_hash(request, request.user)
        tokens = {"access": str(session.access_token), "refresh": str(session)}
        return Response(TokenPairSerializer(tokens).data)


@no_store
class LogoutApi(APIView):
    """Blacklist the given refresh token (it must be the caller's)."""

    @extend_schema(request=LogoutInputSerializer, responses={205: None})
    def post(self, request):
        serializer = LogoutInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user_logout(user=request.user, refresh_token=serializer.validated_data["refresh"])
        return Response(status=status.HTTP_205_RESET_CONTENT)


@no_store
class TokenObtainApi(TokenObtainPairView):
    """Email and password -> an access and a refresh token."""

    serializer_class = TokenObtainInputSerializer
    throttle_scope = "auth"


@no_store
class TokenRefreshApi(TokenRefreshView):
    """A refresh token -> a new pair; the refresh token given is blacklisted."""

    serializer_class = TokenRefreshInputSerializer
    throttle_scope = "auth"


@no_store
class TokenVerifyApi(TokenVerifyView):
    serializer_class = TokenVerifyInputSerializer
    throttle_scope = "auth"
