"""Who may call what, for every route the URLconf serves under /api/ and under the admin.

The routes are found by walking the URLconf (the router's included), not from a list, so an
endpoint added later is checked too. What a route may do is the default unless it is named:
anonymous callers get a 401 except on `PUBLIC`; an athlete writes only through `USER_WRITES`
(anything else is staff-only: 403); another user's object is a 404; and no athlete's response
ever shows another athlete's data.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.shortcuts import resolve_url
from django.test import Client
from rest_framework.test import APIClient

from testing.clients import client_for
from testing.routes import (
    API_CALLS,
    API_ROUTES,
    API_WRITES,
    OWNER_RESULT_NOTES,
    admin_routes,
    call,
    call_id,
    is_owned,
)
from users.models import User
from wods.models import Wod, WodRequest, WodResult

# Routes anyone may call (URL names).
PUBLIC = {"register", "token-obtain", "token-refresh", "token-verify"}
# Writes an athlete may make; every other write is staff-only.
USER_WRITES = {
    ("register", "post"),
    ("token-obtain", "post"),
    ("token-refresh", "post"),
    ("token-verify", "post"),
    ("logout", "post"),
    ("password-change", "post"),
    ("me", "patch"),
    ("me", "delete"),
    ("wod-request-list", "post"),
    ("wod-results", "post"),
    ("wod-result-detail", "patch"),
    ("wod-result-detail", "delete"),
}
# Writes open to the holders of a permission of their own rather than to staff: (URL name,
# method) -> "app_label.codename".
PERMISSION_WRITES = {("wod-request-daily", "post"): "wods.request_daily_wods"}
# Admin views that are public by design: the login page, and "view on site" redirects.
ADMIN_PUBLIC = {"login", "view_on_site"}


def owner_markers(objects) -> list[str]:
    """Strings that appear in any response that shows the owner's data."""
    owner = objects[User]
    requests = WodRequest.objects.filter(user=owner).values_list("id", flat=True)
    return [owner.email, *(str(request_id) for request_id in requests), OWNER_RESULT_NOTES]


def owner_state(owner: User) -> tuple:
    """Everything of the owner's that a call could change."""
    owner = User.objects.get(pk=owner.pk)
    return (
        (owner.email, owner.first_name, owner.goal, owner.level, owner.is_active),
        sorted(owner.equipment.values_list("slug", flat=True)),
        sorted(WodRequest.objects.filter(user=owner).values_list("id", "status", "for_date")),
        sorted(Wod.objects.filter(user=owner).values_list("id", "request_id")),
        sorted(WodResult.objects.filter(user=owner).values_list("id", "wod_id", "rpe", "notes")),
    )


def test_the_walk_finds_the_api_routes_of_every_app():
    names = {route.name for route in API_ROUTES}

    assert {"register", "me", "exercise-list", "wod-request-detail", "wod-detail"} <= names
    assert {"wod-results", "wod-result-list", "wod-result-detail", "me-stats"} <= names
    assert len(API_CALLS) > len(API_ROUTES)


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method"), API_CALLS, ids=call_id)
def test_every_api_call_but_the_public_ones_is_a_401_without_a_token(route, method, objects):
    response = call(APIClient(), method, route.url(objects))

    if route.name in PUBLIC:
        assert response.status_code not in (401, 403), response.content
    elif response.status_code == 302:
        # A page for browsers (the API docs) may send them to the login page instead.
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    else:
        assert response.status_code == 401, response.content


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method"), API_CALLS, ids=call_id)
def test_no_api_call_shows_or_touches_another_athletes_data(route, method, objects, other_user):
    markers, before = owner_markers(objects), owner_state(objects[User])

    response = call(client_for(other_user), method, route.url(objects))

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
def test_the_owner_reads_their_own_data_where_another_athlete_gets_none(route, objects):
    response = client_for(objects[User]).get(route.url(objects))

    assert response.status_code == 200, response.content
    body = response.content.decode()
    assert any(marker in body for marker in owner_markers(objects))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "method"),
    [(route, method) for route, method in API_WRITES if (route.name, method) not in USER_WRITES],
    ids=call_id,
)
def test_a_write_not_open_to_athletes_is_a_403_for_them_and_allowed_to_staff(
    route, method, objects, other_user, staff_user
):
    url = route.url(objects)
    permission = PERMISSION_WRITES.get((route.name, method))

    assert call(client_for(other_user), method, url).status_code == 403
    if permission is not None:
        # Staff status is not enough there: the route's own permission is.
        assert call(client_for(staff_user), method, url).status_code == 403
        app_label, codename = permission.split(".")
        staff_user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    assert call(client_for(staff_user), method, url).status_code not in (401, 403)


def test_every_write_with_a_permission_of_its_own_is_a_route_the_walk_finds():
    walked = {(route.name, method) for route, method in API_WRITES}

    assert set(PERMISSION_WRITES) <= walked


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route", [route for route in admin_routes() if route.name not in ADMIN_PUBLIC], ids=call_id
)
def test_every_admin_page_but_the_login_redirects_anyone_who_is_not_staff(route, user):
    url = route.url({}, fallback="1")
    athlete = Client()
    athlete.force_login(user)

    for client in (Client(), athlete):
        response = client.get(url)
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"].startswith(f"/{settings.ADMIN_URL}")
