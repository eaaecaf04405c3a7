"""The web rides out PostgreSQL restarts and outages: gunicorn (production settings) over a
PostgreSQL server of the test's own, which the test restarts and stops under it.

Needs PostgreSQL's server programs (as CI has); without them the test skips locally with
one line, and fails in CI. The machine's PostgreSQL is never touched.
"""

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest
import requests

from coachsite.middleware import RETRY_AFTER_SECONDS
from testing.postgres import ThrowawayPostgres, free_port, unavailable_reason

ROOT = Path(__file__).resolve().parents[2]
# Bounds on starts that take a second or two, not speed goals.
START_TIMEOUT = 60


@dataclass
class Site:
    postgres: ThrowawayPostgres
    base_url: str
    session: requests.Session

    def post_request(self) -> requests.Response:
        return self.session.post(f"{self.base_url}/api/wods/requests/", json={}, timeout=30)

    def get(self, path: str, **options) -> requests.Response:
        return self.session.get(f"{self.base_url}{path}", timeout=30, **options)


def site_environment(database_url: str, settings) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coachsite.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "JWT_SIGNING_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        # The broker and queues of this test (`topology`): /readyz/ checks the broker too.
        "AMQP_URL": settings.AMQP_URL,
        "WOD_QUEUE_PREFIX": settings.WOD_QUEUE_PREFIX,
        "WOD_MAX_DELIVERIES": str(settings.WOD_MAX_DELIVERIES),
        "THROTTLE_ANON_AUTH": "none",
        "THROTTLE_WOD_REQUESTS": "none",
        # Each /readyz/ checks afresh, so it turns 503 as soon as the database goes.
        "READINESS_CACHE_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }


def wait_until_served(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert server.poll() is None, f"gunicorn exited with status {server.returncode}"
        try:
            requests.get(url, timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    pytest.fail(f"{url} did not answer within {START_TIMEOUT}s")


@pytest.fixture
def site(topology, settings, tmp_path) -> Iterator[Site]:
    """One gunicorn worker with one thread, so every request shares the one kept connection
    (CONN_MAX_AGE) that a restart leaves stale."""
    reason = unavailable_reason()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"The database outage test needs its own PostgreSQL: {reason}.")
        pytest.skip(f"The database outage test needs its own PostgreSQL: {reason}.")
    with ThrowawayPostgres.create() as postgres:
        connection = psycopg2.connect(postgres.url("postgres"))
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("CREATE DATABASE coach")
        connection.close()
        env = site_environment(postgres.url("coach"), settings)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        port = free_port()
        log = tmp_path / "gunicorn.log"
        with log.open("w") as output:
            server = subprocess.Popen(
                [
                    sys.executable, "-m", "gunicorn", "coachsite.wsgi:application",
                    "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "1",
                    # Its default place is shared by every gunicorn on the machine.
                    "--no-control-socket",
                ],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_served(f"{base_url}/healthz/", server)
            yield Site(postgres=postgres, base_url=base_url, session=signed_in(base_url))
        finally:
            server.terminate()
            server.wait(timeout=30)
        # No request of the outage may have become a 500 (a traceback in the log).
        assert "Traceback" not in log.read_text(), log.read_text()


def signed_in(base_url: str) -> requests.Session:
    credentials = {"email": "outage@example.com", "password": secrets.token_urlsafe(16)}
    session = requests.Session()
    registered = session.post(f"{base_url}/api/auth/register/", json=credentials, timeout=30)
    assert registered.status_code == 201, registered.text
    token = session.post(f"{base_url}/api/auth/token/", json=credentials, timeout=30)
    assert token.status_code == 200, token.text
    session.headers["Authorization"] = f"Bearer {token.json()['access']}"
    return session


def assert_retry_later(response: requests.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.json() == {
        "detail": "The database is unavailable; retry in a few seconds.",
        "retry_after": RETRY_AFTER_SECONDS,
    }


def test_the_web_rides_out_a_postgresql_restart_and_answers_503_while_it_is_down(site):
    assert site.post_request().status_code == 202
    assert site.get("/readyz/").status_code == 200

    # The kept connection dies with the restart; the first request after it must not.
    site.postgres.restart()
    assert site.post_request().status_code == 202

    site.postgres.stop()
    assert_retry_later(site.post_request())
    assert_retry_later(site.get("/api/wods/requests/"))
    # A plain Django view too: the admin looks the session up in the database.
    assert_retry_later(site.get("/admin/", cookies={"sessionid": "s" * 32}))
    ready = site.get("/readyz/")
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"] == "OperationalError"

    site.postgres.start()
    assert site.get("/readyz/").status_code == 200
    assert site.post_request().status_code == 202
    assert len(site.get("/api/wods/requests/").json()["results"]) == 3
