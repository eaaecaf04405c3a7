from rest_framework.routers import DefaultRouter

from wods.apis import WodRequestViewSet, WodViewSet

router = DefaultRouter()
router.register("wods/requests", WodRequestViewSet, basename="wod-request")
router.register("wods", WodViewSet, basename="wod")
