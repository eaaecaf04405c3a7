from django.urls import path

from users.apis import (
    LogoutApi,
    MeApi,
    PasswordChangeApi,
    RegisterApi,
    TokenObtainApi,
    TokenRefreshApi,
    TokenVerifyApi,
)

auth_urlpatterns = [
    path("register/", RegisterApi.as_view(), name="register"),
    path("token/", TokenObtainApi.as_view(), name="token-obtain"),
    path("token/refresh/", TokenRefreshApi.as_view(), name="token-refresh"),
    path("token/verify/", TokenVerifyApi.as_view(), name="token-verify"),
    path("logout/", LogoutApi.as_view(), name="logout"),
    path("password/change/", PasswordChangeApi.as_view(), name="password-change"),
]

user_urlpatterns = [
    path("me/", MeApi.as_view(), name="me"),
]
