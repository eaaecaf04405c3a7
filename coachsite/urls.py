from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from exercises.urls import router as exercises_router
from users.urls import auth_urlpatterns, user_urlpatterns
from wods.urls import router as wods_router

api_router = DefaultRouter()
api_router.registry.extend(exercises_router.registry)
api_router.registry.extend(wods_router.registry)

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/auth/", include(auth_urlpatterns)),
    path("api/users/", include(user_urlpatterns)),
    path("api/", include(api_router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("api-auth/", include("rest_framework.urls")),
]

handler404 = "coachsite.views.page_not_found"
