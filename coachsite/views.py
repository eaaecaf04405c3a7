"""Error pages: API clients get JSON, like every other answer of the API."""

from django.http import JsonResponse
from django.views import defaults


def page_not_found(request, exception):
    """A path no route matches (`/api/wods/1.5/`): JSON under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
