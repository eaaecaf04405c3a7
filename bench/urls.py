"""The product's URLs plus `bench/ping/`: the bare authenticated DRF endpoint that
`POST /api/wods/requests/` is compared with (same authentication, no work)."""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from coachsite.urls import urlpatterns as product_urlpatterns


class PingApi(APIView):
    def get(self, request):
        return Response({"ok": True})


urlpatterns = [path("bench/ping/", PingApi.as_view()), *product_urlpatterns]
