from django.urls import path
from rest_framework.routers import DefaultRouter

from wods.apis import (
    AthleteStatsApi,
    BenchmarkViewSet,
    WodRequestViewSet,
    WodResultViewSet,
    WodViewSet,
)

router = DefaultRouter()
router.register("wods/requests", WodRequestViewSet, basename="wod-request")
router.register("wods", WodViewSet, basename="wod")
router.register("results", WodResultViewSet, basename="wod-result")
router.register("benchmarks", BenchmarkViewSet, basename="benchmark")

# Under /api/me/, beside the profile (/api/users/me/): the caller's own figures.
me_urlpatterns = [
    path("stats/", AthleteStatsApi.as_view(), name="me-stats"),
]
