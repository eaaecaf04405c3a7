"""The browsable API: its root links every endpoint, it has a login link, its forms work."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import get_resolver, resolve, reverse

from coachsite.urls import api_router
from wods.models import WodRequest

HTML = {"HTTP_ACCEPT": "text/html"}


def api_url_names_without_parameters() -> set[str]:
    """Every named URL under /api/ that takes no path parameter (a format suffix aside)."""
    resolver = get_resolver()
    names = set()
    for name in filter(lambda key: isinstance(key, str), resolver.reverse_dict):
        for possibilities, *_ in resolver.reverse_dict.getlist(name):
            for path, parameters in possibilities:
                if path.startswith("api/") and not set(parameters) - {"format"}:
                    names.add(name)
    return names


def reachable_from_a_list_page() -> set[str]:
    """URLs of the viewsets' extra list actions: the browsable API offers them on the list."""
    return {
        f"{basename}-{action.url_name}"
        for _, viewset, basename in api_router.registry
        for action in viewset.get_extra_actions()
        if not action.detail
    }


def test_the_api_root_links_every_endpoint(api_client):
    root = api_client.get("/api/")

    assert root.status_code == 200
    linked = {resolve(urlsplit(url).path).url_name for url in root.json().values()}
    assert (
        api_url_names_without_parameters() - reachable_from_a_list_page() - {"api-root"} <= linked
    )
    assert {"register", "token-obtain", "me", "wod-request-list", "swagger-ui"} <= linked


def test_an_anonymous_reader_of_the_browsable_api_gets_a_login_link(anonymous_client):
    response = anonymous_client.get("/api/", **HTML)

    assert response.status_code == 401
    login = reverse("rest_framework:login")
    assert re.search(
        rf'<a href=[\'"]{login}\?next=/api/[\'"]>Log in</a>', response.content.decode()
    )


@pytest.mark.django_db
def test_logging_in_through_the_browsable_api_login_page_opens_a_session(user):
    client = Client()

    response = client.post(
        reverse("rest_framework:login"),
        {"username": "Ana@Example.com", "password": "correct-horse-battery", "next": "/api/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/api/"
    assert client.get("/api/users/me/").json()["email"] == "ana@example.com"


@pytest.mark.django_db(transaction=True)
def test_the_wod_request_form_of_the_browsable_api_posts_a_request(user, broker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    page = client.get("/api/wods/requests/", **HTML)
    assert 'name="for_date"' in page.content.decode()
    response = client.post(
        "/api/wods/requests/",
        {"for_date": "2026-12-01", "csrfmiddlewaretoken": page.cookies["csrftoken"].value},
        **HTML,
    )

    assert response.status_code == 202
    request = WodRequest.objects.get(user=user)
    assert str(request.for_date) == "2026-12-01"
    assert request.status == WodRequest.Status.QUEUED
    assert f"/api/wods/requests/{request.pk}/" in response.content.decode()
    assert broker.ready() == 1


@pytest.mark.django_db
def test_a_session_post_without_the_csrf_token_is_refused(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post("/api/wods/requests/", {"for_date": "2026-12-01"})

    assert response.status_code == 403
    assert not WodRequest.objects.exists()
