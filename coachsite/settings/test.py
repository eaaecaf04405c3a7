"""Settings for the test suite: fast hashing, per-run queue names, no surprises from `.env`."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-a-secret-but-long-enough-for-hmac"
SIMPLE_JWT["SIGNING_KEY"] = "test-only-jwt-signing-key-of-32-bytes-or-more"  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEBUG = False
# Each pytest run (and each xdist worker) declares its own exchanges and queues.
WOD_QUEUE_PREFIX = env("WOD_QUEUE_PREFIX", default=f"test-{os.getpid()}.")
WOD_PENDING_GRACE_SECONDS = 0
# A shared cache (CACHE_URL=redis://..., as CI sets it) may serve other runs at the same time:
# this run's keys carry its own prefix, so no two runs count each other's throttled calls.
CACHES["default"]["KEY_PREFIX"] = f"test-{os.getpid()}"  # noqa: F405
# Many tests register and log in quickly from one address: throttles allow that here, and
# the throttle tests lower the rates themselves.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {  # noqa: F405
    scope: "100000/min"
    for scope in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]  # noqa: F405
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not the in-memory default: consumer processes started by tests share it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"coach-test-{os.getpid()}.sqlite3")
    }
# Scrapes in the tests send this bearer token; tests of the 401s change it.
METRICS_TOKEN = "test-metrics-token"
# Tests of /readyz/ see each change of a dependency at once; the cache's own tests set it.
READINESS_CACHE_SECONDS = 0
