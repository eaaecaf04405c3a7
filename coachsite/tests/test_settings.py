"""Production settings: `check --deploy` passes, and a missing, reused or short JWT key or a
cache local to each process fails it; CACHE_URL picks the cache; a daily hour outside the day
stops any process."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from coachsite.checks import check_jwt_signing_key, check_shared_cache
from testing.processes import BASE_DIR, start_manage

SECRET_KEY = "production-secret-key-for-this-test-only-0123456789-abcdefghij"
JWT_KEY = "production-jwt-signing-key-for-this-test-only-0123456789-klmnop"
REDIS_URL = "redis://cache.internal:6379/3"


def manage_production(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "JWT_", "THROTTLE_", "CACHE_"))
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "coachsite.settings.production",
            "DJANGO_ALLOWED_HOSTS": "coach.example.com",
            "CACHE_URL": REDIS_URL,
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy_with_debug_off_whatever_the_environment():
    checked = manage_production(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=SECRET_KEY,
        JWT_SIGNING_KEY=JWT_KEY,
    )
    debug = manage_production(
        "shell",
        "--verbosity",
        "0",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE,"
        " settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS > 0, settings.ALLOWED_HOSTS)",
        DJANGO_SECRET_KEY=SECRET_KEY,
        JWT_SIGNING_KEY=JWT_KEY,
        DJANGO_DEBUG="true",
    )

    assert checked.returncode == 0, checked.stderr
    assert "no issues" in checked.stdout
    assert debug.stdout.strip() == "False True True True ['coach.example.com']"


@pytest.mark.parametrize("jwt_key", [None, ""])
def test_without_its_own_jwt_key_production_check_deploy_fails_on_the_shared_key(jwt_key):
    keys = {"JWT_SIGNING_KEY": jwt_key} if jwt_key is not None else {}

    result = manage_production(
        "check", "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY=SECRET_KEY, **keys
    )

    assert result.returncode != 0
    assert "coachsite.W001" in result.stderr


def test_a_jwt_key_equal_to_the_secret_key_is_a_deploy_warning(settings):
    settings.SECRET_KEY = SECRET_KEY
    settings.SIMPLE_JWT = {**settings.SIMPLE_JWT, "SIGNING_KEY": SECRET_KEY}

    assert [warning.id for warning in check_jwt_signing_key(None)] == ["coachsite.W001"]


@pytest.mark.parametrize("key", ["", "short-key", "x" * 31])
def test_a_short_jwt_key_is_a_deploy_warning(settings, key):
    settings.SIMPLE_JWT = {**settings.SIMPLE_JWT, "SIGNING_KEY": key}

    assert [warning.id for warning in check_jwt_signing_key(None)] == ["coachsite.W002"]


def test_a_long_jwt_key_of_its_own_passes(settings):
    settings.SIMPLE_JWT = {**settings.SIMPLE_JWT, "SIGNING_KEY": JWT_KEY}

    assert check_jwt_signing_key(None) == []


def test_a_cache_local_to_each_process_is_a_deploy_warning(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    assert [warning.id for warning in check_shared_cache(None)] == ["coachsite.W003"]


def test_a_redis_cache_url_gives_djangos_redis_cache_with_short_timeouts():
    shown = manage_production(
        "shell",
        "--verbosity",
        "0",
        "-c",
        "from django.conf import settings; print(sorted(settings.CACHES['default'].items()))",
        DJANGO_SECRET_KEY=SECRET_KEY,
        JWT_SIGNING_KEY=JWT_KEY,
    )

    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == str(
        [
            ("BACKEND", "django.core.cache.backends.redis.RedisCache"),
            ("LOCATION", REDIS_URL),
            ("OPTIONS", {"socket_connect_timeout": 1, "socket_timeout": 1}),
        ]
    )


def test_without_cache_url_each_process_caches_in_its_own_memory_and_check_deploy_says_so():
    result = manage_production(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=SECRET_KEY,
        JWT_SIGNING_KEY=JWT_KEY,
        CACHE_URL="",
    )

    assert result.returncode != 0
    assert "coachsite.W003" in result.stderr


def test_a_daily_hour_outside_the_day_stops_the_process_with_a_clear_message(monkeypatch):
    monkeypatch.setenv("WOD_DAILY_LOCAL_HOUR", "24")

    process = start_manage("check", stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, errors = process.communicate(timeout=60)

    assert process.returncode != 0
    assert "WOD_DAILY_LOCAL_HOUR must be an hour from 0 to 23, not 24" in errors


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: set DATABASE_URL to a PostgreSQL database (CI does)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
