"""The root of the browsable API (`/api/`): a link to every endpoint, not only the router's."""

from rest_framework import routers


class CoachAPIRootView(routers.APIRootView):
    """Every endpoint of the Coach API.

    Log in (top right) to use the API from these pages, or send
    `Authorization: Bearer <access>` with an access token from `auth/token`. `schema` is the
    OpenAPI schema; `docs` (Swagger UI) and `redoc` render it.
    """

    name = "Coach API"


class APIRouter(routers.DefaultRouter):
    """A DefaultRouter whose root also links the endpoints routed outside it.

    `extra_endpoints` maps a label on the root page to a URL name; only endpoints without
    path parameters belong there.
    """

    APIRootView = CoachAPIRootView

    def __init__(self, *, extra_endpoints: dict[str, str]) -> None:
        super().__init__()
        self.extra_endpoints = extra_endpoints

    def get_api_root_view(self, api_urls=None):
        list_name = self.routes[0].name
        api_root_dict = {
            prefix: list_name.format(basename=basename) for prefix, _, basename in self.registry
        }
        return self.APIRootView.as_view(api_root_dict=api_root_dict | self.extra_endpoints)
