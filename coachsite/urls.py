from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from coachsite.api_root import APIRouter
from exercises.urls import router as exercises_router
from users.urls import auth_urlpatterns, user_urlpatterns
from wods.urls import me_urlpatterns
from wods.urls import router as wods_router

api_router = APIRouter(
    extra_endpoints={
        "auth/register": "register",
        "auth/token": "token-obtain",
        "auth/token/refresh": "token-refresh",
        "auth/token/verify": "token-verify",
        "auth/logout": "logout",
        "auth/password/change": "password-change",
        "users/me": "me",
        "me/stats": "me-stats",
        "schema": "schema",
        "docs": "swagger-ui",
        "redoc": "redoc",
    }
)
api_router.registry.extend(exercises_router.registry)
api_router.registry.extend(wods_router.registry)

# The docs pages are for browsers: without a session they send the reader to the login page
# and back, rather than answering 401 as the schema does. Swagger UI's start-up script is a
# file of its own (`?script`), not inline, so the Content-Security-Policy can forbid inline ones.
swagger_ui = login_required(SpectacularSwaggerSplitView.as_view(url_name="schema"))
redoc = login_required(SpectacularRedocView.as_view(url_name="schema"))

urlpatterns = [
    path("", include("coachsite.ops_urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/auth/", include(auth_urlpatterns)),
    path("api/users/", include(user_urlpatterns)),
    path("api/me/", include(me_urlpatterns)),
    path("api/", include(api_router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", swagger_ui, name="swagger-ui"),
    path("api/redoc/", redoc, name="redoc"),
    path("api-auth/", include("rest_framework.urls")),
]

handler404 = "coachsite.views.page_not_found"
