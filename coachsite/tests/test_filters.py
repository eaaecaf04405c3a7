"""Every list takes each query parameter once: a repeated one is a 400 that names it."""

import pytest

LISTS = ["/api/exercises/", "/api/wods/", "/api/wods/requests/", "/api/results/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", LISTS)
def test_a_list_refuses_a_query_parameter_given_twice(api_client, url):
    response = api_client.get(f"{url}?page=1&page=2&ordering=-id")

    assert response.status_code == 400
    assert response.json() == {"page": ["Give this parameter once."]}


@pytest.mark.django_db
def test_a_filter_given_twice_is_refused_rather_than_applied_to_its_last_value(api_client):
    response = api_client.get("/api/exercises/?equipment=barbell&equipment=rower")

    assert response.status_code == 400
    assert set(response.json()) == {"equipment"}


@pytest.mark.django_db
@pytest.mark.parametrize("url", LISTS)
def test_a_list_with_each_parameter_once_answers(api_client, url):
    response = api_client.get(f"{url}?page=1")

    assert response.status_code == 200
