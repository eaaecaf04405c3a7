"""Every write endpoint against bad input: a 400 (or 413) that names the problem, nothing stored.

Bodies with fields the endpoint does not know, values of the wrong type, impossible dates,
bodies that are not a JSON object, and bodies past DATA_UPLOAD_MAX_MEMORY_SIZE. `WRITES` lists
the writes with a valid body each; the unknown-field rule is also checked on every write
route the URLconf serves.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import RefreshToken

from exercises.models import Equipment, Exercise
from exercises.tests.factories import new_exercise
from testing.clients import client_for
from testing.routes import API_WRITES, call_id, is_owned
from users.models import User
from wods.models import WodRequest, WodResult
from wods.tests.factories import make_result, make_wod_as


@dataclass(frozen=True)
class Write:
    name: str
    method: str
    url: str
    caller: str  # "anonymous", "user" or "staff"
    payload: Callable[[User], dict]

    def __str__(self) -> str:
        return self.name


def exercise_payload(user: User) -> dict:
    return new_exercise()


def back_squat_url() -> str:
    return f"/api/exercises/{Exercise.objects.get(name='Back Squat').pk}/"


def row_urls(user: User) -> dict[str, str]:
    """The URLs of the writes to existing rows, by the names `WRITES` gives them: the rows
    are made first, so that what a refused write must leave as it was includes them."""
    amrap = make_wod_as(user=user, format="amrap", minutes=10, movements=[("Burpee", {"reps": 10})])
    return {
        "back-squat": back_squat_url(),
        "own-wod-results": f"/api/wods/{amrap.pk}/results/",
        "own-result": f"/api/results/{make_result(wod=amrap, rounds=3).pk}/",
    }


WRITES = [
    Write(
        "register",
        "post",
        "/api/auth/register/",
        "anonymous",
        lambda user: {"email": "new@example.com", "password": "a-long-unusual-passphrase"},
    ),
    Write(
        "token",
        "post",
        "/api/auth/token/",
        "anonymous",
        lambda user: {"email": user.email, "password": "correct-horse-battery"},
    ),
    Write(
        "token refresh",
        "post",
        "/api/auth/token/refresh/",
        "anonymous",
        lambda user: {"refresh": str(RefreshToken.for_user(user))},
    ),
    Write(
        "token verify",
        "post",
        "/api/auth/token/verify/",
        "anonymous",
        lambda user: {"token": str(RefreshToken.for_user(user).access_token)},
    ),
    Write(
        "logout",
        "post",
        "/api/auth/logout/",
        "user",
        lambda user: {"refresh": str(RefreshToken.for_user(user))},
    ),
    Write("profile", "patch", "/api/users/me/", "user", lambda user: {"goal": "endurance"}),
    Write("exercise create", "post", "/api/exercises/", "staff", exercise_payload),
    Write("exercise update", "patch", "back-squat", "staff", lambda user: {"difficulty": 3}),
    Write("exercise replace", "put", "back-squat", "staff", exercise_payload),
    Write("WOD request", "post", "/api/wods/requests/", "user", lambda user: {}),
    Write("WOD result", "post", "own-wod-results", "user", lambda user: {"rounds": 3, "rx": True}),
    Write("WOD result update", "patch", "own-result", "user", lambda user: {"rpe": 6}),
]


@pytest.fixture
def send(user, staff_user, catalogue):
    """Send a write the way its caller would: anonymous, as the athlete, or as staff."""
    clients = {
        "anonymous": APIClient(),
        "user": client_for(user),
        "staff": client_for(staff_user),
    }
    urls = row_urls(user)

    def send_(write: Write, body, **extra):
        url = urls.get(write.url, write.url)
        client = clients[write.caller]
        if not isinstance(body, bytes | str):
            body = json.dumps(body)
        return getattr(client, write.method)(
            url, body, content_type=extra.pop("content_type", "application/json"), **extra
        )

    return send_


def stored() -> tuple:
    """What a refused write must leave as it was."""
    return (
        sorted(User.objects.values_list("email", "goal", "is_staff")),
        sorted(Exercise.objects.values_list("name", "difficulty")),
        WodRequest.objects.count(),
        sorted(WodResult.objects.values_list("id", "rounds", "rpe")),
        BlacklistedToken.objects.count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES, ids=str)
def test_a_valid_body_is_accepted(write, send, user):
    response = send(write, write.payload(user))

    assert response.status_code in (200, 201, 202, 205), response.content


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES, ids=str)
def test_an_unknown_field_is_a_400_naming_it_and_nothing_changes(write, send, user):
    before = stored()

    response = send(write, {**write.payload(user), "is_staff": True, "colour": "red"})

    assert response.status_code == 400, response.content
    assert response.json() == {"is_staff": ["Unknown field."], "colour": ["Unknown field."]}
    assert stored() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "method"),
    [(route, method) for route, method in API_WRITES if method != "delete"],
    ids=call_id,
)
def test_every_write_the_urlconf_serves_refuses_an_unknown_field(
    route, method, objects, admin_user
):
    """Found by walking the URLconf, so a write endpoint added later is held to it too."""
    # A superuser may call every write; another athlete's object is a 404 even to them.
    caller = objects[User] if "pk" in route.kwarg_names and is_owned(route.model) else admin_user

    response = getattr(client_for(caller), method)(
        route.url(objects), {"colour": "red"}, format="json"
    )

    assert response.status_code == 400, response.content
    # Named, or refused with the rest of the body by an endpoint that takes no input at all.
    assert "colour" in response.json() or list(response.json()) == ["non_field_errors"]


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES, ids=str)
def test_an_unknown_field_is_named_beside_the_errors_of_known_fields(write, send, user):
    fields = list(write.payload(user)) or ["for_date"]

    response = send(write, {fields[0]: ["not", "a", "scalar"], "colour": "red"})

    assert response.status_code == 400, response.content
    assert set(response.json()) >= {fields[0], "colour"}


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES, ids=str)
@pytest.mark.parametrize("body", ["[]", '"text"', "42", "null", "[{}]"])
def test_a_body_that_is_not_a_json_object_is_a_400(write, body, send, user):
    before = stored()

    response = send(write, body)

    assert response.status_code == 400, response.content
    assert stored() == before


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES, ids=str)
@pytest.mark.parametrize("body", ["{not json", '{"a": 1', "\xff\xfe", '{"a": NaN}'])
def test_a_body_that_is_not_json_is_a_400(write, body, send):
    before = stored()

    response = send(write, body.encode("latin-1"))

    assert response.status_code == 400, response.content
    assert "detail" in response.json()
    assert stored() == before


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES, ids=str)
def test_a_body_past_the_upload_limit_is_a_413_and_nothing_changes(write, send, settings, user):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    payload = {**write.payload(user), "padding": "x" * 20_000}
    before = stored()

    response = send(write, payload)

    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is larger than 10000 bytes."}
    assert stored() == before


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES, ids=str)
def test_a_form_with_too_many_fields_is_a_413(write, send, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    form = "&".join(f"field{number}=x" for number in range(50))

    response = send(write, form, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 413
    assert response.json() == {"detail": "The request has too many fields or files."}


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES, ids=str)
def test_a_body_that_is_not_json_or_a_form_is_a_415(write, send, user):
    response = send(write, "goal=endurance", content_type="text/plain")

    assert response.status_code == 415


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload",
    [
        {"email": 5, "password": ["x"], "goal": {}, "level": 3, "equipment": "rower"},
        {"email": None, "password": None, "goal": None, "level": None, "equipment": None},
        {"email": True, "password": {"p": 1}, "goal": [], "level": {"a": 1}, "equipment": [{}]},
    ],
)
def test_registration_with_wrong_types_is_a_400_on_every_field(anonymous_client, payload):
    response = anonymous_client.post("/api/auth/register/", payload, format="json")

    assert response.status_code == 400
    assert set(response.json()) == set(payload)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_profile_update_with_one_bad_field_changes_nothing(api_client, user):
    response = api_client.patch(
        "/api/users/me/",
        {"goal": "endurance", "level": "grandmaster", "first_name": "Ana"},
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"level"}
    user.refresh_from_db()
    assert (user.goal, user.level, user.first_name) == ("general_fitness", "beginner", "")


@pytest.mark.django_db
def test_an_exercise_with_wrong_types_is_a_400_on_every_field(staff_client, catalogue):
    payload = {
        "name": ["Squat"],
        "description": {"text": "x"},
        "modality": 7,
        "difficulty": "hard",
        "primary_muscle_group": ["quads"],
        "secondary_muscle_groups": "core",
        "equipment": [None],
        "measurement": False,
        "load_kg": "heavy",
        "load_women_kg": 30,
        "load_scaled_kg": [],
        "roles": "metcon",
        "pattern": 3,
        "family": {"name": "run"},
        "pace_s": [3, 2, 1],
        "min_per_bout": "5",
        "max_per_bout": {"beginner": "10", "intermediate": 15, "advanced": 20},
        "max_per_session": 50,
        "cap_group": 5,
        "needs": "wall",
        "pairs_with": "barbell",
        "scaled_substitute": 7,
        "beginner_substitute": ["Ring Row"],
        "is_active": "maybe",
    }

    response = staff_client.post("/api/exercises/", payload, format="json")

    assert response.status_code == 400
    assert set(response.json()) == set(payload)


@pytest.mark.django_db
def test_an_exercise_with_an_oversized_load_or_name_is_a_400(staff_client, catalogue):
    response = staff_client.patch(
        back_squat_url(), {"load_kg": "123456789.5", "name": "x" * 10_000}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"load_kg", "name"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "for_date",
    ["2026-02-30", "2026-13-01", "26-11-28", "28/11/2026", "tomorrow", "", 20261128, None, []],
)
def test_a_wod_request_for_a_bad_date_is_a_400_on_for_date(api_client, for_date):
    response = api_client.post("/api/wods/requests/", {"for_date": for_date}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"for_date"}
    assert not WodRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["  Ana.Smith@Example.COM ", "ANA.SMITH@EXAMPLE.COM"])
def test_emails_are_normalised_at_registration_and_at_login(anonymous_client, email):
    registered = anonymous_client.post(
        "/api/auth/register/",
        {"email": email, "password": "a-long-unusual-passphrase"},
        format="json",
    )
    again = anonymous_client.post(
        "/api/auth/register/",
        {"email": "ana.smith@example.com", "password": "a-long-unusual-passphrase"},
        format="json",
    )
    login = anonymous_client.post(
        "/api/auth/token/",
        {"email": email.swapcase(), "password": "a-long-unusual-passphrase"},
        format="json",
    )

    assert registered.json()["email"] == "ana.smith@example.com"
    assert again.status_code == 400
    assert set(again.json()) == {"email"}
    assert login.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "equipment", [{"rower": 1}, "rower", ["rower"] * 101, [["rower"]], [{"slug": "rower"}]]
)
def test_registration_with_equipment_that_is_not_a_short_list_of_slugs_is_a_400(
    anonymous_client, equipment
):
    response = anonymous_client.post(
        "/api/auth/register/",
        {
            "email": "new@example.com",
            "password": "a-long-unusual-passphrase",
            "equipment": equipment,
        },
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"equipment"}
    assert not User.objects.exists()


@pytest.mark.django_db
def test_unknown_slugs_are_named_and_repeated_ones_count_once(api_client, user):
    unknown = api_client.patch(
        "/api/users/me/", {"equipment": ["rower", "time_machine", "hoverboard"]}, format="json"
    )
    repeated = api_client.patch(
        "/api/users/me/", {"equipment": ["rower", "kettlebell", "rower"]}, format="json"
    )

    assert unknown.status_code == 400
    assert unknown.json() == {"equipment": ["Unknown: time_machine, hoverboard."]}
    assert repeated.status_code == 200
    assert repeated.json()["equipment"] == ["kettlebell", "rower"]


@pytest.mark.django_db
def test_a_list_of_slugs_costs_the_same_queries_whatever_its_length(api_client, catalogue):
    every_slug = list(Equipment.objects.values_list("slug", flat=True))
    assert len(every_slug) > 5

    with CaptureQueriesContext(connection) as one:
        api_client.patch("/api/users/me/", {"equipment": every_slug[:1]}, format="json")
    with CaptureQueriesContext(connection) as every:
        api_client.patch("/api/users/me/", {"equipment": every_slug}, format="json")

    assert len(every.captured_queries) == len(one.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/wods/1.5/", "/api/exercises/%00/x/", "/api/nowhere/"])
def test_a_path_no_api_route_matches_is_a_json_404(api_client, path):
    response = api_client.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_a_path_outside_the_api_keeps_djangos_404_page(client):
    response = client.get("/nowhere/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("difficulty", "3", "A valid integer is required."),
        ("difficulty", True, "A valid integer is required."),
        ("is_active", "yes", "Must be a valid boolean."),
        ("is_active", 1, "Must be a valid boolean."),
        ("name", 42, "Not a valid string."),
        ("equipment", "sandbag", 'Expected a list of items but got type "str".'),
    ],
)
def test_a_json_value_of_the_wrong_type_is_not_coerced(
    staff_client, catalogue, field, value, error
):
    response = staff_client.patch(back_squat_url(), {field: value}, format="json")

    assert response.status_code == 400
    assert response.json() == {field: [error]}


@pytest.mark.django_db
def test_a_form_post_of_the_browsable_api_still_works(user, catalogue):
    client = APIClient()
    client.force_login(user)

    response = client.patch(
        "/api/users/me/",
        "first_name=Ana&goal=endurance",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200, response.content
    assert response.json()["first_name"] == "Ana"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/exercises/", {"search": "squat\x00"}),
        ("/api/exercises/", {"difficulty_min": "2.5"}),
        ("/api/exercises/", {"modality": "dancing"}),
        ("/api/wods/", {"date_from": "2026-02-30"}),
        ("/api/wods/requests/", {"status": "lost"}),
    ],
)
def test_a_bad_query_parameter_is_a_400_with_an_object_body(api_client, url, params):
    response = api_client.get(url, params)

    assert response.status_code == 400
    assert isinstance(response.json(), dict)
