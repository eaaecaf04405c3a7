"""Who may call what, for every route the URLconf serves under /api/ and under the admin.

The routes are found by walking the URLconf (the router's included), not from a list, so an
endpoint added later is checked too. What a route may do is the default unless it is named:
anonymous callers get a 401 except on `PUBLIC`; an athlete writes only through `USER_WRITES`
(anything else is staff-only: 403); another user's object is a 404; and no athlete's response
ever shows another athlete's data.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import client_for
from exercises.models import Equipment, Exercise, MuscleGroup
from users.models import User
from wods.messaging.messages import WodMessage
from wods.models import Wod, WodRequest
from wods.services import wod_requests_fulfil
from wods.tests.factories import make_wod_request

# Routes anyone may call (URL names).
PUBLIC = {"register", "token-obtain", "token-refresh", "token-verify"}
# Writes an athlete may make; every other write is staff-only.
USER_WRITES = {
    ("register", "post"),
    ("token-obtain", "post"),
    ("token-refresh", "post"),
    ("token-verify", "post"),
    ("logout", "post"),
    ("me", "patch"),
    ("wod-request-list", "post"),
}
WRITE_METHODS = ("post", "put", "patch", "delete")
# Admin views that are public by design: the login page, and "view on site" redirects.
ADMIN_PUBLIC = {"login", "view_on_site"}


@dataclass(frozen=True)
class Route:
    name: str
    pattern: URLPattern
    namespace: str
    root: str

    @property
    def view_class(self) -> type:
        return self.pattern.callback.cls

    @property
    def methods(self) -> list[str]:
        actions = getattr(self.pattern.callback, "actions", None)
        if actions:  # a ViewSet route: the methods it maps to actions
            return sorted(actions)
        return [
            method
            for method in self.view_class.http_method_names
            if method not in ("options", "head", "trace") and hasattr(self.view_class, method)
        ]

    @property
    def kwarg_names(self) -> list[str]:
        return sorted(self.pattern.pattern.regex.groupindex)

    @property
    def model(self) -> type[Model] | None:
        queryset = getattr(self.view_class, "queryset", None)
        if queryset is not None:
            return queryset.model
        serializer = getattr(self.view_class, "serializer_class", None)
        meta = getattr(serializer, "Meta", None)
        return getattr(meta, "model", None)

    def url(self, objects: dict[type[Model], Model], fallback: str | None = None) -> str:
        """The route's path, for `objects`' rows; `fallback` fills any other argument."""
        kwargs = {}
        for name in self.kwarg_names:
            if name == "pk" and self.model in objects:
                kwargs[name] = objects[self.model].pk
            elif name == "app_label":
                kwargs[name] = "users"
            elif fallback is not None:
                kwargs[name] = fallback
            else:
                pytest.fail(f"No value for <{name}> of {self}: teach test_access.py about it")
        full_name = f"{self.namespace}:{self.name}" if self.namespace else self.name
        return reverse(full_name, kwargs=kwargs)

    def __str__(self) -> str:
        return f"{self.name} ({self.pattern.pattern})"


def walk(patterns, namespace: str = "", root: str = "") -> Iterator[Route]:
    """Every named route; `root` is the pattern of its top-level entry in the URLconf."""
    for pattern in patterns:
        top = root or str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from walk(pattern.url_patterns, inner, top)
        elif pattern.name and "format" not in pattern.pattern.regex.groupindex:
            # The router's `.json` format-suffix twins behave as the routes they copy.
            yield Route(pattern.name, pattern, namespace, top)


def api_routes() -> list[Route]:
    return [
        route
        for route in walk(get_resolver().url_patterns)
        if route.root.startswith("api/") and hasattr(route.pattern.callback, "cls")
    ]


def admin_routes() -> list[Route]:
    return [route for route in walk(get_resolver().url_patterns) if route.namespace == "admin"]


def is_owned(model: type[Model] | None) -> bool:
    """A model whose rows belong to one athlete."""
    if model is None:
        return False
    if model is User:
        return True
    field = next((f for f in model._meta.fields if f.name == "user"), None)
    return field is not None and field.related_model is User


def call(client, method: str, url: str):
    return getattr(client, method)(url, {}, format="json") if method != "get" else client.get(url)


API_ROUTES = api_routes()
API_CALLS = [(route, method) for route in API_ROUTES for method in route.methods]
API_WRITES = [(route, method) for route, method in API_CALLS if method in WRITE_METHODS]


def call_id(value) -> str:
    return value.name if isinstance(value, Route) else value


@pytest.fixture
def owner(make_user) -> User:
    return make_user(email="owner@example.com")


@pytest.fixture
def stranger(make_user) -> User:
    return make_user(email="stranger@example.com")


@pytest.fixture
def objects(owner, catalogue) -> dict[type[Model], Model]:
    """One object of each model the API shows: the owner's own, and the shared catalogue's."""
    request = make_wod_request(user=owner)
    [fulfilment] = wod_requests_fulfil(
        messages=[
            WodMessage(request_id=request.id, user_email=owner.email, for_date=request.for_date)
        ],
        attempts=[1],
    )
    pending = make_wod_request(user=owner, for_date=timezone.localdate())
    return {
        User: owner,
        WodRequest: pending,
        Wod: Wod.objects.get(pk=fulfilment.wod_id),
        # An exercise no WOD uses, so a staff DELETE of it goes through.
        Exercise: Exercise.objects.exclude(wod_movements__isnull=False).order_by("pk").first(),
        MuscleGroup: MuscleGroup.objects.order_by("pk").first(),
        Equipment: Equipment.objects.order_by("pk").first(),
    }


def owner_markers(objects) -> list[str]:
    """Strings that appear in any response that shows the owner's data."""
    owner = objects[User]
    requests = WodRequest.objects.filter(user=owner).values_list("id", flat=True)
    return [owner.email, *(str(request_id) for request_id in requests)]


def owner_state(owner: User) -> tuple:
    """Everything of the owner's that a call could change."""
    owner = User.objects.get(pk=owner.pk)
    return (
        (owner.email, owner.first_name, owner.goal, owner.level, owner.is_active),
        sorted(owner.equipment.values_list("slug", flat=True)),
        sorted(WodRequest.objects.filter(user=owner).values_list("id", "status", "for_date")),
        sorted(Wod.objects.filter(user=owner).values_list("id", "request_id")),
    )


def test_the_walk_finds_the_api_routes_of_every_app():
    names = {route.name for route in API_ROUTES}

    assert {"register", "me", "exercise-list", "wod-request-detail", "wod-detail"} <= names
    assert len(API_CALLS) > len(API_ROUTES)


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method"), API_CALLS, ids=call_id)
def test_every_api_call_but_the_public_ones_is_a_401_without_a_token(route, method, objects):
    response = call(APIClient(), method, route.url(objects))

    if route.name in PUBLIC:
        assert response.status_code not in (401, 403), response.content
    else:
        assert response.status_code == 401, response.content


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method"), API_CALLS, ids=call_id)
def test_no_api_call_shows_or_touches_another_athletes_data(route, method, objects, stranger):
    markers, before = owner_markers(objects), owner_state(objects[User])

    response = call(client_for(stranger), method, route.url(objects))

    if "pk" in route.kwarg_names and is_owned(route.model):
        assert response.status_code == 404, response.content
    body = response.content.decode(errors="replace")
    assert not [marker for marker in markers if marker in body]
    assert owner_state(objects[User]) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route",
    [route for route in API_ROUTES if "get" in route.methods and is_owned(route.model)],
    ids=call_id,
)
def test_the_owner_reads_their_own_data_where_a_stranger_gets_none(route, objects):
    response = client_for(objects[User]).get(route.url(objects))

    assert response.status_code == 200, response.content
    body = response.content.decode()
    assert any(marker in body for marker in owner_markers(objects))


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method"), API_WRITES, ids=call_id)
def test_a_write_not_open_to_athletes_is_a_403_for_them_and_allowed_to_staff(
    route, method, objects, stranger, staff_user
):
    if (route.name, method) in USER_WRITES:
        pytest.skip("open to every athlete")
    url = route.url(objects)

    assert call(client_for(stranger), method, url).status_code == 403
    assert call(client_for(staff_user), method, url).status_code not in (401, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("route", admin_routes(), ids=call_id)
def test_every_admin_page_but_the_login_redirects_anyone_who_is_not_staff(route, user):
    if route.name in ADMIN_PUBLIC:
        pytest.skip("public by design")
    url = route.url({}, fallback="1")
    athlete = Client()
    athlete.force_login(user)

    for client in (Client(), athlete):
        response = client.get(url)
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"].startswith(f"/{settings.ADMIN_URL}")
