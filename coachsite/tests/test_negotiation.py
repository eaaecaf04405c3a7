"""`?format=` picks a renderer when one has that format, and is left to the filters otherwise."""

import pytest


@pytest.mark.django_db
def test_a_renderer_format_still_picks_the_renderer(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"})
    browsable = api_client.get("/api/exercises/", {"format": "api"})

    assert schema["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert browsable["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_a_format_no_renderer_has_is_negotiated_by_accept_instead_of_a_404(api_client):
    response = api_client.get("/api/exercises/", {"format": "amrap"}, HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
