"""gunicorn believes X-Forwarded-Proto only from the proxy's address (FORWARDED_ALLOW_IPS).

gunicorn runs with docker/gunicorn.conf.py and the production settings, as docker/start-web
starts it. The test client connects from 127.0.0.1: once as the trusted proxy, once as a
stranger who claims HTTPS over plain HTTP and is sent to HTTPS like any plain request.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager

import requests

from testing.processes import gunicorn as serve_with_gunicorn

FORGED_HTTPS = {"X-Forwarded-Proto": "https", "Accept": "application/json"}


@contextmanager
def gunicorn(tmp_path, *, forwarded_allow_ips: str) -> Iterator[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coachsite.settings.production",
        # The redirect and the API root's 401 read no table; a database is there all the same.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SECRET_KEY": "proxy-test-secret-key-long-enough-for-django-0123456789",
        "JWT_SIGNING_KEY": "proxy-test-jwt-signing-key-long-enough-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "true",
        "FORWARDED_ALLOW_IPS": forwarded_allow_ips,
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    with serve_with_gunicorn(env, "--config", "docker/gunicorn.conf.py") as url:
        yield url


def test_https_announced_by_the_trusted_proxy_is_served_as_https(tmp_path):
    with gunicorn(tmp_path, forwarded_allow_ips="127.0.0.1") as url:
        response = requests.get(f"{url}/api/", headers=FORGED_HTTPS, timeout=10)

    assert response.status_code == 401
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_https_announced_by_anyone_else_is_plain_http_and_redirected(tmp_path):
    with gunicorn(tmp_path, forwarded_allow_ips="192.0.2.10") as url:
        response = requests.get(
            f"{url}/api/", headers=FORGED_HTTPS, allow_redirects=False, timeout=10
        )

    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://127.0.0.1:")
    assert "Strict-Transport-Security" not in response.headers
