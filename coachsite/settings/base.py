"""Settings shared by every environment; each value that varies comes from the environment.

Sections follow cookiecutter-django's `config/settings/base.py`, each written once. See
https://docs.djangoproject.com/en/5.2/ref/settings/ and docs/CONFIGURATION.md for the variables.
"""

import shlex
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local `.env` is optional: settings are read from the process environment first.
env.read_env(BASE_DIR / ".env", overwrite=False)

# GENERAL
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# SECRET_KEY and SIMPLE_JWT["SIGNING_KEY"] are set by each environment's module.
# https://docs.djangoproject.com/en/5.2/ref/settings/#allowed-hosts
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
# The server's zone (logs, the admin's dates) and new athletes' default `time_zone`; an
# athlete's "today" (a WOD request's date, the daily job) follows their own zone.
# https://docs.djangoproject.com/en/5.2/ref/settings/#time-zone
TIME_ZONE = env("DJANGO_TIME_ZONE", default="UTC")
LANGUAGE_CODE = "en-us"
USE_I18N = True
USE_TZ = True

# DATABASES
# ------------------------------------------------------------------------------
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# https://docs.djangoproject.com/en/5.2/ref/databases/#persistent-connections
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A kept connection that PostgreSQL dropped while it sat idle (a restart, a failover) is
# found dead before a request uses it, and replaced: the first request after a restart works.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
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
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a query once its estimated cost is high, which the
    # consumer's history read of a whole batch reaches: compiling took 150 of its 230 ms for
    # 500 athletes, for a query that runs in 25 ms. Coach runs short queries only.
    # https://www.postgresql.org/docs/current/jit-decision.html
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"-c jit=off {options.get('options', '')}".strip()
# https://docs.djangoproject.com/en/5.2/ref/settings/#default-auto-field
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHES
# ------------------------------------------------------------------------------
# The API's throttle counts live here. Production points CACHE_URL at Redis, shared by every
# gunicorn worker and web container (`check --deploy` warns about a cache local to each
# process); unset, each process counts in its own memory, which needs nothing installed.
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-cache-url
# https://docs.djangoproject.com/en/5.2/topics/cache/#redis
CACHES = {"default": env.cache_url_config(env("CACHE_URL", default="") or "locmemcache://")}
if CACHES["default"]["BACKEND"].endswith(".RedisCache"):
    # Django's own backend (the `redis` package), whichever django-environ would pick. A
    # Redis that stops answering costs a request one second, not a hung worker.
    CACHES["default"]["BACKEND"] = "django.core.cache.backends.redis.RedisCache"
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": 1,
        "socket_timeout": 1,
        **CACHES["default"].get("OPTIONS", {}),
    }

# URLS
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#root-urlconf
ROOT_URLCONF = "coachsite.urls"
# https://docs.djangoproject.com/en/5.2/ref/settings/#wsgi-application
WSGI_APPLICATION = "coachsite.wsgi.application"

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: `runserver` leaves static files to whitenoise, as gunicorn does.
    # https://whitenoise.readthedocs.io/en/stable/django.html#using-whitenoise-in-development
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    # Swagger UI and ReDoc served from our own static files (whitenoise in production), not
    # from a CDN: the docs work offline and behind a strict firewall.
    # https://drf-spectacular.readthedocs.io/en/latest/settings.html#django-rest-framework-settings
    "drf_spectacular_sidecar",
    "django_crontab",
    # Login lockout after repeated wrong passwords (AUTHENTICATION below).
    "axes",
    # Content-Security-Policy (SECURITY below).
    "csp",
]
LOCAL_APPS = [
    "users",
    "exercises",
    "wods",
    "coachsite",
]
# https://docs.djangoproject.com/en/5.2/ref/settings/#installed-apps
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# AUTHENTICATION
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#auth-user-model
AUTH_USER_MODEL = "users.User"
# The browsable API's login page, and where it lands after logging in.
# https://docs.djangoproject.com/en/5.2/ref/settings/#login-url
LOGIN_URL = "rest_framework:login"
# https://docs.djangoproject.com/en/5.2/ref/settings/#login-redirect-url
LOGIN_REDIRECT_URL = "/api/"
# https://docs.djangoproject.com/en/5.2/ref/settings/#authentication-backends
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out pair is refused before any password is hashed.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login lockout (django-axes): every login (the admin's and the browsable API's login pages,
# the token endpoint) counts the wrong passwords of each (client address, account) pair; at
# LOGIN_FAILURE_LIMIT that pair is refused, right password or not, until
# LOGIN_LOCKOUT_MINUTES pass without a new attempt. The owner still logs in from any other
# address (users/lockout.py). The counts live in the database (axes' tables), whatever the cache.
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
# The same client address as the API throttles (DJANGO_NUM_PROXIES), and the account as
# logins find it (case-insensitive).
AXES_CLIENT_IP_CALLABLE = "users.lockout.client_address"
AXES_USERNAME_CALLABLE = "users.lockout.account"
AXES_LOCKOUT_CALLABLE = "users.lockout.lockout_response"
# A right password clears its own pair's count; it proves the password is known anyway.
AXES_RESET_ON_SUCCESS = True
# Failures are counted, successful logins are not recorded (no table that grows for ever).
AXES_DISABLE_ACCESS_LOG = True
# A failure and a lockout are logged (WARNING) with the client address; the account is masked
# (people type their password there by mistake). Each login's bookkeeping is not logged.
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username"]

# PASSWORDS
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#auth-password-validators
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        # Django asks for 8 unless told otherwise.
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# MIDDLEWARE
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#middleware
MIDDLEWARE = [
    # Requests by view, status and latency; first and last so they time the whole stack.
    # https://github.com/korfuri/django-prometheus
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Right inside SecurityMiddleware: every response gets the header, the lockout page too.
    "csp.middleware.CSPMiddleware",
    # https://whitenoise.readthedocs.io/en/stable/django.html#enable-whitenoise
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # While the database cannot be reached: 503 with Retry-After, in JSON, never a 500.
    "coachsite.middleware.DatabaseUnavailableMiddleware",
    "coachsite.metrics.PrometheusAfterMiddleware",
    # Last, as django-axes asks: it turns a refused login page into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# STATIC
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#static-url
STATIC_URL = "/static/"
# https://docs.djangoproject.com/en/5.2/ref/settings/#static-root
STATIC_ROOT = BASE_DIR / "staticfiles"
# Production swaps "staticfiles" for whitenoise's compressed, cache-busted storage.
# https://docs.djangoproject.com/en/5.2/ref/settings/#storages
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# TEMPLATES
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#templates
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
# https://docs.djangoproject.com/en/5.2/ref/settings/#session-cookie-httponly
SESSION_COOKIE_HTTPONLY = True
# https://docs.djangoproject.com/en/5.2/ref/settings/#csrf-cookie-httponly
CSRF_COOKIE_HTTPONLY = False  # the browsable API's forms read it
# https://docs.djangoproject.com/en/5.2/ref/settings/#x-frame-options
X_FRAME_OPTIONS = "DENY"
# A larger body is a 413.
# https://docs.djangoproject.com/en/5.2/ref/settings/#data-upload-max-memory-size
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", default=262_144)
# The admin, the browsable API and the API docs load this site's own files only (the docs'
# bundles come from drf-spectacular-sidecar): no other origin, no inline script, no eval.
# Inline styles stay allowed: ReDoc builds its styles at run time, and DRF's and the admin's
# templates carry style attributes. Every API answer carries the header too.
# https://django-csp.readthedocs.io/en/latest/configuration.html
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# ADMIN
# ------------------------------------------------------------------------------
# Django Admin URL.
ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/")

# LOGGING
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#logging
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
# `plain` text or `json` (one object per line); both carry the WOD request id.
# https://nhairs.github.io/python-json-logger/
LOG_FORMAT = env("LOG_FORMAT", default="plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'plain' or 'json', not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "coachsite.logs.PlainFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname", "name", "message"],
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
    },
    "filters": {
        "request_id": {"()": "coachsite.logs.RequestIdFilter"},
        # A cron job's known failure is logged in one line by the job; django-crontab adds
        # no traceback.
        "cron_job_failed": {"()": "wods.cron_errors.CronJobFailedWithoutTraceback"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own console handler (DEBUG only) would print django.* lines again, as
        # plain text.
        "django": {"handlers": [], "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        # pika logs every failed connection attempt with a traceback; the publisher and the
        # consumer log those failures themselves, in one line each.
        "pika": {"level": env("PIKA_LOG_LEVEL", default="CRITICAL")},
        # urllib3 would log each retry of the daily job's API calls; the job logs its own,
        # in one line each.
        "urllib3.connectionpool": {"level": "ERROR"},
        "django_crontab.crontab": {"filters": ["cron_job_failed"]},
        # Login failures and lockouts (WARNING), not each login's bookkeeping.
        "axes": {"level": "WARNING"},
    },
}

# MESSAGING (RabbitMQ)
# ------------------------------------------------------------------------------
# One URL, or one per node of a cluster separated by commas (wods/broker/connection.py).
# https://www.rabbitmq.com/docs/uri-spec
AMQP_URL = env("AMQP_URL", default="amqp://guest:guest@localhost:5672/%2F")
# Each process tries the nodes in an order of its own, so that processes spread over them;
# false keeps the order of AMQP_URL (to put a process on a node of your choice first).
AMQP_SHUFFLE_ADDRESSES = env.bool("AMQP_SHUFFLE_ADDRESSES", default=True)
# https://www.rabbitmq.com/docs/heartbeats
AMQP_HEARTBEAT_SECONDS = env.int("AMQP_HEARTBEAT_SECONDS", default=30)
# The management API (ready and unacked counts); empty: AMQP_URL's host, port 15672.
# https://www.rabbitmq.com/docs/management#http-api
RABBITMQ_MANAGEMENT_URL = env("RABBITMQ_MANAGEMENT_URL", default="")
# Prefixes every exchange and queue name, so test runs never share the broker's state.
WOD_QUEUE_PREFIX = env("WOD_QUEUE_PREFIX", default="")
# https://www.rabbitmq.com/docs/quorum-queues#poison-message-handling
WOD_MAX_DELIVERIES = env.int("WOD_MAX_DELIVERIES", default=5)
# https://www.rabbitmq.com/docs/maxlength
WOD_QUEUE_MAX_LENGTH = env.int("WOD_QUEUE_MAX_LENGTH", default=1_000_000)
# https://www.rabbitmq.com/docs/consumer-prefetch
WOD_PREFETCH = env.int("WOD_PREFETCH", default=100)
WOD_FAILURE_RATE = env.float("WOD_FAILURE_RATE", default=0.3)
# A pending request younger than this may still be published by the API itself.
WOD_PENDING_GRACE_SECONDS = env.int("WOD_PENDING_GRACE_SECONDS", default=5)

# SCHEDULED JOBS (django-crontab)
# ------------------------------------------------------------------------------
# https://github.com/kraiz/django-crontab#settings
# The daily job calls the API as the service account (`manage.py create_service_account`).
COACH_API_URL = env("COACH_API_URL", default="http://127.0.0.1:8000")
COACH_SERVICE_EMAIL = env("COACH_SERVICE_EMAIL", default="cron@coach.local")
COACH_SERVICE_PASSWORD = env("COACH_SERVICE_PASSWORD", default="")
COACH_API_TIMEOUT_SECONDS = env.float("COACH_API_TIMEOUT_SECONDS", default=60)
COACH_API_RETRIES = env.int("COACH_API_RETRIES", default=3)
COACH_API_BACKOFF_SECONDS = env.float("COACH_API_BACKOFF_SECONDS", default=2)
# Every hour: each run serves the athletes whose own clock has passed WOD_DAILY_LOCAL_HOUR
# and who have no daily request for their local date yet.
WOD_DAILY_CRON = env("WOD_DAILY_CRON", default="0 * * * *")
WOD_DAILY_LOCAL_HOUR = env.int("WOD_DAILY_LOCAL_HOUR", default=5)
if not 0 <= WOD_DAILY_LOCAL_HOUR <= 23:
    raise ImproperlyConfigured(
        f"WOD_DAILY_LOCAL_HOUR must be an hour from 0 to 23, not {WOD_DAILY_LOCAL_HOUR}."
    )
# Users looked at per call of the daily run: each call stays well under 5 s.
WOD_DAILY_PAGE_SIZE = env.int("WOD_DAILY_PAGE_SIZE", default=10_000)
CRONJOBS = [
    (WOD_DAILY_CRON, "wods.cron.daily_wods"),
    ("* * * * *", "wods.cron.publish_pending_wods"),
    # Expired refresh tokens (and their blacklist entries) are deleted every night.
    ("15 3 * * *", "users.cron.flush_expired_tokens"),
]
# A run that is still going when the next one is due makes the next one skip.
CRONTAB_LOCK_JOBS = True
# cron starts jobs with an empty environment: the crontab line names the settings module in
# use when `crontab add` ran, and the other settings come from `.env` (docker/start-cron
# writes the container's environment there).
CRONTAB_DJANGO_SETTINGS_MODULE = env("DJANGO_SETTINGS_MODULE", default=None)
# Where the jobs' output goes; docker-compose points it at the cron process's stdout.
CRON_LOG_FILE = env("CRON_LOG_FILE", default=str(BASE_DIR / "cron.log"))
CRONTAB_COMMAND_SUFFIX = f">> {shlex.quote(CRON_LOG_FILE)} 2>&1"


# DJANGO REST FRAMEWORK
# ------------------------------------------------------------------------------
def throttle_rate(variable: str, default: str) -> str | None:
    """A DRF rate such as `10/min` or `60/hour` from the environment; `none` turns it off."""
    rate = env(variable, default=default).strip().lower()
    if rate == "none":
        return None
    number, _, period = rate.partition("/")
    if not number.isdigit() or period[:1] not in ("s", "m", "h", "d"):
        raise ImproperlyConfigured(
            f"{variable}={rate!r} is not a rate such as 10/min, 60/hour or none."
        )
    return rate


# https://www.django-rest-framework.org/api-guide/settings/
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "coachsite.filters.SingleValuedQueryParameters",
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    # The schema documents each operation's error responses too (coachsite/schema.py).
    "DEFAULT_SCHEMA_CLASS": "coachsite.schema.CoachAutoSchema",
    "EXCEPTION_HANDLER": "coachsite.exception_handlers.api_exception_handler",
    # https://www.django-rest-framework.org/api-guide/throttling/#scopedratethrottle
    # Views name their scope (`throttle_scope`); anonymous callers are counted by IP
    # address, authenticated ones by user, in the cache (CACHE_URL).
    "DEFAULT_THROTTLE_CLASSES": ["coachsite.throttling.CacheScopedRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        # Registration and the token endpoints, per client IP address.
        "auth": throttle_rate("THROTTLE_ANON_AUTH", "10/min"),
        # Creating WOD requests, per user.
        "wod_request": throttle_rate("THROTTLE_WOD_REQUESTS", "60/hour"),
    },
    # Proxies in front of the app that append to X-Forwarded-For; 0 trusts only the
    # socket's address, so a client cannot dodge its throttle with a forged header.
    # https://www.django-rest-framework.org/api-guide/throttling/#how-clients-are-identified
    "NUM_PROXIES": env.int("DJANGO_NUM_PROXIES", default=0),
    # `?format=amrap` filters WODs by format instead of being a 404 for want of a renderer.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "coachsite.negotiation.FilterFriendlyContentNegotiation",
}

# https://django-rest-framework-simplejwt.readthedocs.io/en/latest/settings.html
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
    # Access and refresh tokens are refused after a password change (users/tokens.py).
    # https://django-rest-framework-simplejwt.readthedocs.io/en/latest/settings.html#check-revoke-token
    "CHECK_REVOKE_TOKEN": True,
}
# A refresh is refused once its session (the login it descends from, through every rotation)
# is older than this (users/tokens.py).
JWT_SESSION_MAX_DAYS = env.int("JWT_SESSION_MAX_DAYS", default=30)

# https://drf-spectacular.readthedocs.io/en/latest/settings.html
SPECTACULAR_SETTINGS = {
    "TITLE": "Coach API",
    "DESCRIPTION": (
        "Workouts of the Day, generated for each athlete through RabbitMQ.\n\n"
        "**Authentication.** Every endpoint but registration and the token endpoints needs "
        "a JWT: get a pair from `POST /api/auth/token/` with your email and password, then "
        "send `Authorization: Bearer <access>` (in Swagger UI: *Authorize*, paste the access "
        "token); `POST /api/auth/token/refresh/` trades the refresh token for a new pair. In "
        "a browser, a session from `/api-auth/login/` works too."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # The schema and the docs are API endpoints like the others: they need a token or a session.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # JSON bodies only: the form parsers stay for the browsable API's HTML forms.
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    # A WOD's format and a result's `wod_format` are one choice set, under one name.
    "ENUM_NAME_OVERRIDES": {"WodFormatEnum": "wods.models.WodFormat"},
}

# METRICS AND HEALTH (Prometheus)
# ------------------------------------------------------------------------------
# /metrics (web) and each consumer's metrics endpoint answer only to
# `Authorization: Bearer <METRICS_TOKEN>`; while it is empty they answer 401 to everyone.
METRICS_TOKEN = env("METRICS_TOKEN", default="")
# Each consumer serves /metrics and /healthz here; port 0 turns the endpoint off.
WOD_CONSUMER_METRICS_PORT = env.int("WOD_CONSUMER_METRICS_PORT", default=0)
WOD_CONSUMER_METRICS_ADDR = env("WOD_CONSUMER_METRICS_ADDR", default="127.0.0.1")
# /readyz/ reuses its answer this long, so a flood of calls opens one broker connection per
# interval and process, not one per call (coachsite/health.py); 0 checks at every call.
READINESS_CACHE_SECONDS = env.float("READINESS_CACHE_SECONDS", default=5)
