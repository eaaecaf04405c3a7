from django.urls import path
from rest_framework_simplejwt.views import (
    TokenObtainPairView,
    TokenRefreshView,
    TokenVerifyView,
)

from users.apis import LogoutApi, MeApi, RegisterApi

auth_urlpatterns = [
    path("register/", RegisterApi.as_view(), name="register"),
    path("token/", TokenObtainPairView.as_view(), name="token-obtain"),
    path("token/refresh/", TokenRefreshView.as_view(), name="token-refresh"),
    path("token/verify/", TokenVerifyView.as_view(), name="token-verify"),
    path("logout/", LogoutApi.as_view(), name="logout"),
]

user_urlpatterns = [
    path("me/", MeApi.as_view(), name="me"),
]
