"""In production, gunicorn serves the static files itself through whitenoise.

The test runs what docker/start-web runs, `collectstatic` then gunicorn, with the production
settings (only STATIC_ROOT moved to a temporary folder), and fetches the assets the admin,
the browsable API and the docs pages link to.
"""

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from testing.processes import BASE_DIR
from testing.processes import gunicorn as serve_with_gunicorn


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("production")


@pytest.fixture(scope="module")
def production_env(folder) -> dict[str, str]:
    (folder / "static_root_settings.py").write_text(
        "from coachsite.settings.production import *  # noqa: F403\n"
        f"STATIC_ROOT = {str(folder / 'static')!r}\n"
    )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "static_root_settings",
        "PYTHONPATH": str(folder),
        # Serving static files and login pages reads no table; a database is there all the same.
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_SECRET_KEY": "static-files-test-secret-key-long-enough-for-django",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # TLS ends at the proxy in front of gunicorn; here there is none.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
    }


@pytest.fixture(scope="module")
def gunicorn(production_env) -> Iterator[str]:
    """collectstatic, then gunicorn on a free port; yields its base URL."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        env=production_env,
        cwd=BASE_DIR,
        check=True,
    )
    with serve_with_gunicorn(production_env) as url:
        yield url


def linked_assets(html: str, kind: str) -> list[str]:
    return re.findall(rf'(?:href|src)="(/static/[^"]+\.{kind})"', html)


def test_the_admin_and_the_browsable_api_get_compressed_cache_busted_static_files(gunicorn):
    admin_page = requests.get(f"{gunicorn}/admin/login/", timeout=10)
    api_login_page = requests.get(f"{gunicorn}/api-auth/login/", timeout=10)
    assert admin_page.status_code == api_login_page.status_code == 200

    stylesheets = linked_assets(admin_page.text, "css") + linked_assets(api_login_page.text, "css")
    assert any(path.startswith("/static/admin/css/base.") for path in stylesheets)
    assert any(path.startswith("/static/rest_framework/css/") for path in stylesheets)
    for path in stylesheets:
        asset = requests.get(f"{gunicorn}{path}", headers={"Accept-Encoding": "gzip"}, timeout=10)
        assert asset.status_code == 200, path
        assert asset.headers["Content-Type"].startswith("text/css")
        assert asset.headers["Content-Encoding"] == "gzip"
        assert "immutable" in asset.headers["Cache-Control"]
        assert re.search(r"\.[0-9a-f]{12}\.css$", path), "the name carries its content hash"


def test_the_swagger_ui_and_redoc_bundles_are_served(gunicorn, folder):
    manifest = (folder / "static" / "staticfiles.json").read_text()

    for bundle in [
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js",
    ]:
        hashed = re.search(rf'"{re.escape(bundle)}": "([^"]+)"', manifest)[1]
        asset = requests.get(f"{gunicorn}/static/{hashed}", timeout=10)
        assert asset.status_code == 200, bundle
        assert "javascript" in asset.headers["Content-Type"]
