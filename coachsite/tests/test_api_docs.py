"""The OpenAPI schema and its two renderings, Swagger UI and ReDoc."""

import subprocess

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.test import Client

from testing.processes import start_manage

pytestmark = pytest.mark.django_db

SIDECAR = "/static/drf_spectacular_sidecar/"


@pytest.fixture
def schema(api_client) -> dict:
    response = api_client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_the_schema_generates_and_validates_without_a_single_warning(tmp_path):
    command = start_manage(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "schema.yaml"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output, _ = command.communicate(timeout=120)

    assert command.returncode == 0, output
    assert "Warning" not in output
    assert yaml.safe_load((tmp_path / "schema.yaml").read_text())["openapi"].startswith("3.")


def test_the_schema_describes_jwt_bearer_auth_on_every_endpoint_that_needs_it(schema):
    assert schema["components"]["securitySchemes"]["jwtAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }
    assert "Authorization: Bearer <access>" in schema["info"]["description"]
    open_paths = {"/api/auth/register/", "/api/auth/token/", "/api/auth/token/refresh/"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            schemes = {name for option in operation.get("security", []) for name in option}
            if path in open_paths or path == "/api/auth/token/verify/":
                assert "jwtAuth" not in schemes, (method, path)
            else:
                assert "jwtAuth" in schemes, (method, path)


def test_nested_bodies_are_typed_objects_not_string_placeholders(schema):
    components = schema["components"]["schemas"]

    assert components["Wod"]["properties"]["movements"]["items"] == {
        "$ref": "#/components/schemas/WodMovement"
    }
    assert components["WodRequest"]["properties"]["wod_id"]["type"] == "integer"
    assert components["WodRequest"]["properties"]["url"]["format"] == "uri"
    create = schema["paths"]["/api/wods/requests/"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/WodRequestCreateInputRequest"
    }
    assert create["responses"]["202"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/WodRequestAccepted"
    }


def test_every_request_body_and_every_answer_with_a_body_is_a_typed_schema(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if "requestBody" in operation:
                body = operation["requestBody"]["content"]["application/json"]["schema"]
                assert body.get("$ref"), (method, path)
            for status, response in operation["responses"].items():
                if "content" in response:
                    assert response["content"]["application/json"]["schema"], (method, path)
                else:
                    assert response["description"] == "No response body", (method, path, status)


def test_every_operation_documents_the_503_of_a_database_outage_with_retry_after(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            unavailable = operation["responses"]["503"]
            assert unavailable["headers"]["Retry-After"]["required"], (method, path)
            assert unavailable["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Unavailable"
            }


def test_the_schema_needs_a_token(anonymous_client):
    assert anonymous_client.get("/api/schema/").status_code == 401


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_the_docs_send_an_anonymous_reader_to_the_login_page_and_back(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/api-auth/login/?next={path}"


@pytest.mark.parametrize(
    ("path", "assets"),
    [
        ("/api/docs/", ["swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui-dist/swagger-ui.css"]),
        ("/api/redoc/", ["redoc/bundles/redoc.standalone.js"]),
    ],
)
def test_the_docs_load_their_assets_from_our_own_static_files(user, path, assets):
    client = Client()
    client.force_login(user)

    html = client.get(path).content.decode()

    for asset in assets:
        assert f'"{SIDECAR}{asset}"' in html
        assert finders.find(f"drf_spectacular_sidecar/{asset}")
    assert "cdn.jsdelivr.net" not in html
