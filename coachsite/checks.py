"""Deployment checks of our own, run by `manage.py check --deploy` beside Django's."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# RFC 7518 section 3.2: an HMAC key for HS256 is at least as long as the hash, 256 bits.
MIN_JWT_KEY_LENGTH = 32


@register(Tags.security, deploy=True)
def check_jwt_signing_key(app_configs, **kwargs) -> list[Warning]:
    key = settings.SIMPLE_JWT.get("SIGNING_KEY") or ""
    if not settings.SIMPLE_JWT.get("ALGORITHM", "HS256").startswith("HS"):
        return []
    if key == settings.SECRET_KEY:
        return [
            Warning(
                "JWT_SIGNING_KEY is the Django secret key.",
                hint="Give JWT_SIGNING_KEY its own random value, so either can be rotated "
                "(or leak) without the other.",
                id="coachsite.W001",
            )
        ]
    if len(key) < MIN_JWT_KEY_LENGTH:
        return [
            Warning(
                f"JWT_SIGNING_KEY is shorter than {MIN_JWT_KEY_LENGTH} characters.",
                hint="Use a long random value, e.g. `openssl rand -base64 48`.",
                id="coachsite.W002",
            )
        ]
    return []


# Caches that each process keeps to itself: with several gunicorn workers, each would count
# its own share of a client's calls, and the throttles would let through that many times more.
PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs) -> list[Warning]:
    if settings.CACHES["default"]["BACKEND"] not in PROCESS_LOCAL_CACHES:
        return []
    return [
        Warning(
            "The cache is local to each process, so the API's throttles count per worker.",
            hint="Set CACHE_URL to a Redis shared by every web process, e.g. "
            "redis://redis:6379/0 (docs/CONFIGURATION.md).",
            id="coachsite.W003",
        )
    ]
