"""A WOD's whole session in the API: its parts in order, every movement with its Rx, scaled
option and the athlete's own load; old WODs as their one metcon part; rest days, which take
no result; and results against the stored score type and the new formats' clocks."""

import dataclasses
import datetime

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator

from coaching.vocabulary import Intensity, PartKind, ScoreType, WodFormat
from exercises.models import Exercise
from wods.models import WodResult
from wods.tests.factories import (
    generated_metcon,
    make_session_wod,
    make_version_1_wod,
    make_wod,
    movement,
    rest_day_session,
    session_parts,
)

pytestmark = pytest.mark.django_db

METCON_FIELDS = [
    "format",
    "rounds",
    "score_type",
    "expected_seconds",
    "expected_rounds",
    "stimulus",
    "rep_scheme",
    "work_seconds",
    "rest_seconds",
]


def wod_url(wod) -> str:
    return f"/api/wods/{wod.pk}/"


def test_a_session_shows_its_parts_in_order_each_with_minutes_description_and_movements(
    api_client, user, catalogue
):
    wod = make_session_wod(user=user, intensity=Intensity.HEAVY)

    body = api_client.get(wod_url(wod)).json()

    parts = body["parts"]
    assert [part["kind"] for part in parts] == ["warm_up", "strength", "metcon", "cool_down"]
    assert [part["minutes"] for part in parts] == [8, 15, wod.minutes, 4]
    assert body["session_minutes"] == 27 + wod.minutes
    assert parts[1]["description"] == "Back squat 5x5 at RPE 7"
    [squat] = parts[1]["movements"]
    assert (squat["exercise"], squat["sets"], squat["reps"], squat["note"]) == (
        "Back Squat",
        5,
        5,
        "at RPE 7",
    )
    assert (squat["load_kg"], squat["load_women_kg"]) == ("80.0", "55.0")
    assert [m["exercise"] for m in parts[0]["movements"]] == ["Row", "Leg Swing", "Inchworm"]
    assert parts[2]["movements"] == body["movements"]
    assert (body["intensity"], body["benchmark"]) == ("heavy", "")


def test_the_metcon_part_carries_the_metcon_and_the_other_parts_carry_none_of_it(
    api_client, user, catalogue
):
    wod = make_session_wod(user=user)

    body = api_client.get(wod_url(wod)).json()

    warm_up, _, metcon, _ = body["parts"]
    assert {name: metcon[name] for name in METCON_FIELDS} == {
        "format": wod.format,
        "rounds": wod.rounds,
        "score_type": wod.score_type,
        "expected_seconds": wod.expected_seconds,
        "expected_rounds": body["expected_rounds"],
        "stimulus": wod.stimulus,
        "rep_scheme": "",
        "work_seconds": None,
        "rest_seconds": None,
    }
    assert metcon["description"] == body["description"]
    assert all(warm_up[name] is None for name in METCON_FIELDS)
    assert body["score_type"] == wod.score_type


def test_a_descending_benchmark_shows_its_scheme_and_name(api_client, user, catalogue):
    metcon = generated_metcon(user=user, for_date=datetime.date(2026, 12, 1))
    fran = dataclasses.replace(
        metcon,
        format=WodFormat.DESCENDING,
        rounds=3,
        rep_scheme=(21, 15, 9),
        benchmark="fran",
        description="Fran, scaled: 21-15-9 thrusters and jumping pull-ups",
        movements=(
            movement("Thruster", 1, reps=21, load_kg=30.0, load_women_kg=20.0),
            movement("Jumping Pull-Up", 2, reps=21),
        ),
        score_type=ScoreType.TIME,
    )
    wod = make_session_wod(user=user, session=dataclasses.replace(fran, parts=session_parts(fran)))

    body = api_client.get(wod_url(wod)).json()

    assert (body["format"], body["rep_scheme"], body["benchmark"]) == (
        "descending",
        "21-15-9",
        "fran",
    )
    assert body["parts"][2]["rep_scheme"] == "21-15-9"
    assert api_client.get("/api/wods/", {"format": "descending"}).json()["count"] == 1


def test_every_movement_carries_its_rx_and_its_scaled_substitute_at_the_scaled_load(
    api_client, user, catalogue
):
    metcon = generated_metcon(user=user, for_date=datetime.date(2026, 12, 1))
    session = dataclasses.replace(
        metcon,
        movements=(
            movement("Squat Clean", 1, reps=10, load_kg=50.0, load_women_kg=35.0),
            movement("Burpee", 2, reps=10),
        ),
    )
    wod = make_session_wod(user=user, session=dataclasses.replace(session, parts=()))
    clean = Exercise.objects.get(name="Squat Clean")
    power_clean = Exercise.objects.get(name="Power Clean")

    squat_clean, burpee = api_client.get(wod_url(wod)).json()["movements"]

    assert squat_clean["rx"] == {
        "load_kg": f"{clean.load_kg:.1f}",
        "load_women_kg": f"{clean.load_women_kg:.1f}",
    }
    assert squat_clean["scaled"] == {
        "exercise_id": power_clean.pk,
        "exercise": "Power Clean",
        "load_kg": f"{power_clean.load_scaled_kg:.1f}",
    }
    assert burpee["rx"] == {"load_kg": None, "load_women_kg": None}
    # Without a scaled substitute, a movement is scaled by its load: a burpee takes none.
    assert burpee["scaled"] == {
        "exercise_id": burpee["exercise_id"],
        "exercise": "Burpee",
        "load_kg": None,
    }
    assert (squat_clean["load_kg"], squat_clean["load_women_kg"]) == ("50.0", "35.0")


@pytest.mark.parametrize(
    ("rx_category", "load"), [("unspecified", None), ("men", "80.0"), ("women", "55.0")]
)
def test_the_athletes_rx_category_says_which_load_is_theirs(
    api_client, user, catalogue, rx_category, load
):
    user.rx_category = rx_category
    user.save(update_fields=["rx_category"])
    wod = make_session_wod(user=user)

    strength = api_client.get(wod_url(wod)).json()["parts"][1]

    assert strength["movements"][0]["load_for_you_kg"] == load


def test_a_wod_stored_before_sessions_is_its_one_metcon_part(api_client, user, catalogue):
    wod = make_version_1_wod(user=user)

    body = api_client.get(wod_url(wod)).json()

    [metcon] = body["parts"]
    assert (metcon["kind"], metcon["minutes"], metcon["description"]) == (
        "metcon",
        wod.minutes,
        wod.description,
    )
    assert metcon["movements"] == body["movements"]
    assert (metcon["format"], metcon["rounds"]) == ("for_time", 5)
    assert body["score_type"] == metcon["score_type"] == "time"
    assert (body["intensity"], body["benchmark"], body["session_minutes"]) == (
        "moderate",
        "",
        wod.minutes,
    )


def test_a_generated_wod_is_listed_with_its_parts(api_client, user, catalogue):
    stored = make_wod(user=user)

    [wod] = api_client.get("/api/wods/").json()["results"]

    kinds = [part["kind"] for part in wod["parts"]]
    assert kinds == list(stored.parts.order_by("order").values_list("kind", flat=True))
    assert PartKind.METCON in kinds or wod["format"] == WodFormat.REST
    assert wod["session_minutes"] == sum(part["minutes"] for part in wod["parts"])


def test_listing_sessions_reads_as_many_queries_for_one_as_for_many(api_client, user, catalogue):
    def queries_to_list(sessions: int) -> int:
        for day in range(1, sessions + 1):
            make_session_wod(user=user, for_date=datetime.date(2026, 12, day))
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get("/api/wods/").json()["count"] >= sessions
        return len(queries)

    assert queries_to_list(1) == queries_to_list(4)


def test_a_rest_day_shows_its_recovery_and_cool_down_and_no_score_type(api_client, user, catalogue):
    wod = make_session_wod(user=user, session=rest_day_session())

    body = api_client.get(wod_url(wod)).json()

    assert (body["format"], body["score_type"], body["intensity"]) == ("rest", None, "recovery")
    assert body["description"].startswith("Rest day:")
    assert body["movements"] == []
    assert [part["kind"] for part in body["parts"]] == ["recovery", "cool_down"]
    assert body["session_minutes"] == 25


def test_a_rest_day_takes_no_result(api_client, user, catalogue):
    wod = make_session_wod(user=user, session=rest_day_session())

    response = api_client.post(f"{wod_url(wod)}results/", {"rx": True, "reps": 10}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["A rest day has no metcon to score: it takes no result."]
    }
    assert not WodResult.objects.exists()


def test_a_result_follows_the_stored_score_type_rather_than_the_format(api_client, user, catalogue):
    metcon = generated_metcon(user=user, for_date=datetime.date(2026, 12, 1))
    wod = make_session_wod(
        user=user,
        session=dataclasses.replace(metcon, format=WodFormat.AMRAP, score_type=ScoreType.LOAD),
    )

    by_rounds = api_client.post(f"{wod_url(wod)}results/", {"rx": True, "rounds": 5}, format="json")
    by_load = api_client.post(
        f"{wod_url(wod)}results/", {"rx": True, "load_kg": "102.5"}, format="json"
    )

    assert by_rounds.status_code == 400
    assert "rounds" in by_rounds.json()
    assert by_load.status_code == 201
    assert by_load.json()["score_type"] == "load"


def test_a_21_15_9_logged_in_three_seconds_is_refused(api_client, user, catalogue):
    metcon = generated_metcon(user=user, for_date=datetime.date(2026, 12, 1))
    fran = dataclasses.replace(
        metcon,
        format=WodFormat.DESCENDING,
        minutes=10,
        rounds=3,
        rep_scheme=(21, 15, 9),
        movements=(
            movement("Thruster", 1, reps=21, load_kg=43.0, load_women_kg=29.0),
            movement("Pull-Up", 2, reps=21),
        ),
        score_type=ScoreType.TIME,
    )
    wod = make_session_wod(user=user, session=fran)
    url = f"{wod_url(wod)}results/"

    too_fast = api_client.post(url, {"rx": True, "time_seconds": 3}, format="json")
    fast = api_client.post(url, {"rx": True, "time_seconds": 150}, format="json")

    assert too_fast.status_code == 400
    assert too_fast.json() == {
        "time_seconds": ["Faster than humanly possible: this WOD's work takes at least 27 s."]
    }
    assert fast.status_code == 201


def test_wods_filter_by_intensity_and_benchmark(api_client, user, catalogue):
    fran = make_session_wod(user=user, benchmark="fran", intensity=Intensity.HEAVY)
    light = make_session_wod(user=user, intensity=Intensity.LIGHT)

    def listed(**params) -> list[int]:
        return [wod["id"] for wod in api_client.get("/api/wods/", params).json()["results"]]

    assert listed(intensity="heavy") == [fran.pk]
    assert listed(intensity="light") == [light.pk]
    assert listed(benchmark="fran") == [fran.pk]
    assert listed(benchmark="grace") == []
    assert api_client.get("/api/wods/", {"intensity": "brutal"}).status_code == 400


# The schema
# ------------------------------------------------------------------------------


def json_schema(node):
    """An OpenAPI 3.0 schema as JSON Schema: `nullable` becomes a null alternative."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@pytest.fixture
def wod_schema() -> jsonschema.protocols.Validator:
    document = SchemaGenerator().get_schema(request=None, public=True)
    schema = json_schema({"$ref": "#/components/schemas/Wod", "components": document["components"]})
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("session", ["whole", "rest_day", "version_1"])
def test_every_kind_of_wod_answers_as_the_schema_says(
    api_client, user, catalogue, wod_schema, session
):
    user.rx_category = "men"
    user.save(update_fields=["rx_category"])
    wod = {
        "whole": lambda: make_session_wod(user=user, benchmark="fran"),
        "rest_day": lambda: make_session_wod(user=user, session=rest_day_session()),
        "version_1": lambda: make_version_1_wod(user=user),
    }[session]()

    body = api_client.get(wod_url(wod)).json()

    errors = [error.message for error in wod_schema.iter_errors(body)]
    assert errors == []
    # The check can fail: a movement's load as a number is no decimal string.
    body["parts"][-1]["movements"][0]["rx"]["load_kg"] = 70
    assert list(wod_schema.iter_errors(body))
