"""Headers that protect what a browser or a cache does with a response.

Tokens and profiles are never stored by a browser, proxy or CDN (`Cache-Control: no-store`).
The admin, the browsable API and the docs pages carry a Content-Security-Policy that lets them
load this site's own files only, and run no inline script; the browser tests (tests/e2e) check
that no page they open breaks it.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from rest_framework_simplejwt.tokens import RefreshToken

from testing.clients import client_for

PASSWORD = "correct-horse-battery"  # conftest's make_user
HTML = {"HTTP_ACCEPT": "text/html"}

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = (part.split() for part in policy.split(";") if part.strip())
    return {name: sources for name, *sources in parsed}


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(
            lambda client, user: client.post(
                "/api/auth/token/", {"email": user.email, "password": PASSWORD}, format="json"
            ),
            id="token",
        ),
        pytest.param(
            lambda client, user: client.post(
                "/api/auth/token/refresh/",
                {"refresh": str(RefreshToken.for_user(user))},
                format="json",
            ),
            id="refresh",
        ),
        pytest.param(
            lambda client, user: client.post(
                "/api/auth/register/",
                {"email": "new@example.com", "password": "a-long-unusual-passphrase"},
                format="json",
            ),
            id="register",
        ),
        pytest.param(lambda client, user: client_for(user).get("/api/users/me/"), id="me"),
        pytest.param(
            lambda client, user: client_for(user).patch(
                "/api/users/me/", {"first_name": "Ana"}, format="json"
            ),
            id="me-update",
        ),
    ],
)
def test_token_and_profile_answers_are_never_stored(anonymous_client, user, call):
    response = call(anonymous_client, user)

    assert response.status_code in (200, 201), response.content
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("path", "staff"),
    [
        pytest.param(f"/{settings.ADMIN_URL}", True, id="admin"),
        pytest.param(f"/{settings.ADMIN_URL}login/", False, id="admin-login"),
        pytest.param("/api/", False, id="browsable-api"),
        pytest.param("/api-auth/login/", False, id="browsable-api-login"),
        pytest.param("/api/docs/", False, id="swagger-ui"),
        pytest.param("/api/redoc/", False, id="redoc"),
    ],
)
def test_the_browser_pages_allow_this_sites_files_and_no_inline_script(make_user, path, staff):
    client = Client()
    client.force_login(make_user(is_staff=staff))

    response = client.get(path, **HTML)

    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert not re.search(r"https?:", response["Content-Security-Policy"]), "another origin"
    # Every script the page runs is a file of this site.
    page = response.content.decode()
    inline_scripts = [
        tag
        for tag in re.findall(r"<script\b[^>]*>", page)
        if "src=" not in tag and 'type="application/json"' not in tag
    ]
    assert inline_scripts == []
    assert not re.search(r"\son[a-z]+=", page), "an inline event handler"


def test_swagger_uis_start_up_script_is_served_as_a_file(user):
    client = Client()
    client.force_login(user)

    page = client.get("/api/docs/").content.decode()
    script_url = re.search(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', page)[1]
    script = client.get(script_url.replace("&amp;", "&"))

    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_the_browsable_apis_log_out_button_ends_the_session(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get("/api/", **HTML).content.decode()

    form = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', page, flags=re.S)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form[2])[1]
    logged_out = client.post(form[1].replace("&amp;", "&"), {"csrfmiddlewaretoken": token})

    assert form[1].startswith("/api-auth/logout/")
    assert "Log out</button>" in form[2]
    assert logged_out.status_code in (200, 302)
    assert client.get("/api/users/me/").status_code in (401, 403)


def test_json_answers_carry_the_policy_too(api_client):
    response = api_client.get("/api/users/me/")

    assert directives(response)["default-src"] == ["'self'"]
