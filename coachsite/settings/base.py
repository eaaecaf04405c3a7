"""Settings shared by every environment; each value that varies comes from the environment.

See https://docs.djangoproject.com/en/5.2/ref/settings/ and `.env.example` for the variables.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local `.env` is optional: settings are read from the process environment first.
env.read_env(BASE_DIR / ".env", overwrite=False)

# GENERAL
# ------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# SECRET_KEY and SIMPLE_JWT["SIGNING_KEY"] are set by each environment's module.
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
TIME_ZONE = env("DJANGO_TIME_ZONE", default="UTC")
LANGUAGE_CODE = "en-us"
USE_I18N = True
USE_TZ = True

# DATABASES
# ------------------------------------------------------------------------------
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the consumer write at the same time: WAL lets readers run beside
    # the writer, IMMEDIATE takes the write lock up front (no "database is locked" on
    # lock upgrade) and the busy timeout makes a writer wait instead of failing.
    # https://docs.djangoproject.com/en/5.2/ref/databases/#database-is-locked-errors
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# URLS
# ------------------------------------------------------------------------------
ROOT_URLCONF = "coachsite.urls"
WSGI_APPLICATION = "coachsite.wsgi.application"
ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/")

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "django_crontab",
]
LOCAL_APPS = [
    "users",
    "exercises",
    "wods",
    "coachsite",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# AUTHENTICATION
# ------------------------------------------------------------------------------
AUTH_USER_MODEL = "users.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "rest_framework:login"
LOGIN_REDIRECT_URL = "/api/"

# MIDDLEWARE
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# STATIC
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# TEMPLATES
# ------------------------------------------------------------------------------
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SECURITY
# ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the browsable API's forms read it
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", default=262_144)

# LOGGING
# ------------------------------------------------------------------------------
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # pika logs every failed connection attempt with a traceback; the publisher and the
        # consumer log those failures themselves, in one line each.
        "pika": {"level": env("PIKA_LOG_LEVEL", default="CRITICAL")},
    },
}

# DJANGO REST FRAMEWORK
# ------------------------------------------------------------------------------
# https://www.django-rest-framework.org/api-guide/settings/
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "coachsite.exception_handlers.api_exception_handler",
}

# https://django-rest-framework-simplejwt.readthedocs.io/en/latest/settings.html
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
}

# https://drf-spectacular.readthedocs.io/en/latest/settings.html
SPECTACULAR_SETTINGS = {
    "TITLE": "Coach API",
    "DESCRIPTION": "Workouts of the Day, generated for each athlete through RabbitMQ.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

# MESSAGING (RabbitMQ)
# ------------------------------------------------------------------------------
AMQP_URL = env("AMQP_URL", default="amqp://guest:guest@localhost:5672/%2F")
AMQP_HEARTBEAT_SECONDS = env.int("AMQP_HEARTBEAT_SECONDS", default=30)
# The management API (ready and unacked counts); empty: AMQP_URL's host, port 15672.
RABBITMQ_MANAGEMENT_URL = env("RABBITMQ_MANAGEMENT_URL", default="")
# Prefixes every exchange and queue name, so test runs never share the broker's state.
WOD_QUEUE_PREFIX = env("WOD_QUEUE_PREFIX", default="")
WOD_MAX_DELIVERIES = env.int("WOD_MAX_DELIVERIES", default=5)
WOD_QUEUE_MAX_LENGTH = env.int("WOD_QUEUE_MAX_LENGTH", default=1_000_000)
WOD_PREFETCH = env.int("WOD_PREFETCH", default=100)
WOD_FAILURE_RATE = env.float("WOD_FAILURE_RATE", default=0.3)
# A pending request younger than this may still be published by the API itself.
WOD_PENDING_GRACE_SECONDS = env.int("WOD_PENDING_GRACE_SECONDS", default=5)

# SECURITY: throttling, shared cache, schema access
# ------------------------------------------------------------------------------
# Throttle counters live in the database cache, so every gunicorn worker (and every web
# container) sees the same counts; its table is created by a migration (coachsite 0001).
# https://docs.djangoproject.com/en/5.2/topics/cache/#database-caching
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "coach_cache",
        # Past MAX_ENTRIES the cache drops a third of its keys, and with them throttle history.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}


def throttle_rate(variable: str, default: str) -> str | None:
    """A DRF rate such as `10/min` or `60/hour` from the environment; `none` turns it off."""
    from django.core.exceptions import ImproperlyConfigured

    rate = env(variable, default=default).strip().lower()
    if rate == "none":
        return None
    number, _, period = rate.partition("/")
    if not number.isdigit() or period[:1] not in ("s", "m", "h", "d"):
        raise ImproperlyConfigured(
            f"{variable}={rate!r} is not a rate such as 10/min, 60/hour or none."
        )
    return rate


# https://www.django-rest-framework.org/api-guide/throttling/#scopedratethrottle
# Views name their scope (`throttle_scope`); anonymous callers are counted by IP address,
# authenticated ones by user.
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = ["rest_framework.throttling.ScopedRateThrottle"]
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    # Registration and the token endpoints, per client IP address.
    "auth": throttle_rate("THROTTLE_ANON_AUTH", "10/min"),
    # Creating WOD requests, per user.
    "wod_request": throttle_rate("THROTTLE_WOD_REQUESTS", "60/hour"),
}
# Proxies in front of the app that append to X-Forwarded-For; 0 trusts only the socket's
# address, so a client cannot dodge its throttle with a forged header.
REST_FRAMEWORK["NUM_PROXIES"] = env.int("DJANGO_NUM_PROXIES", default=0)

# The schema lists every endpoint and field: like the API, it is for authenticated callers.
SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"] = ["rest_framework.permissions.IsAuthenticated"]
# The schema documents each operation's error responses too (coachsite/schema.py), and JSON
# bodies only: the form parsers stay for the browsable API's HTML forms.
REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "coachsite.schema.CoachAutoSchema"
SPECTACULAR_SETTINGS["PARSER_WHITELIST"] = ["rest_framework.parsers.JSONParser"]
# `?format=amrap` filters WODs by format instead of being a 404 for want of a renderer.
REST_FRAMEWORK["DEFAULT_CONTENT_NEGOTIATION_CLASS"] = (
    "coachsite.negotiation.FilterFriendlyContentNegotiation"
)
