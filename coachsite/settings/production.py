"""Production settings: no default secret, HTTPS everywhere, passes `manage.py check --deploy`."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
# No default: a production process without a secret must not start.
SECRET_KEY = env("DJANGO_SECRET_KEY")
# Give the JWTs a key of their own, so rotating (or leaking) one of the two leaves the other
# intact. Unset, it falls back to the secret key, as documented; `check --deploy` then warns,
# as it does for a key that is too short (coachsite/checks.py). docker-compose requires it.
SIMPLE_JWT["SIGNING_KEY"] = env("JWT_SIGNING_KEY", default="") or SECRET_KEY  # noqa: F405
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

# SECURITY
# https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
# ------------------------------------------------------------------------------
# No SECURE_PROXY_SSL_HEADER: Django would believe X-Forwarded-Proto from anyone. gunicorn
# believes it only from FORWARDED_ALLOW_IPS (docker/gunicorn.conf.py) and sets the scheme.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Health checks and metrics are scraped over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$", r"^metrics$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True

# STATIC: whitenoise serves compressed, cache-busted files under gunicorn.
# ------------------------------------------------------------------------------
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}
