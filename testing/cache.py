"""The cache as a test sees it: a Redis of its own keys, and a cache that is down."""

import os
import uuid

import environ
import redis
from django.conf import settings

from testing.processes import free_port

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_url() -> str:
    """CACHE_URL when it names a Redis (as in CI), else the local default."""
    url = os.environ.get("CACHE_URL", "")
    return url if url.startswith(("redis://", "rediss://")) else DEFAULT_REDIS_URL


def redis_unreachable(url: str) -> str | None:
    """Why the Redis at `url` does not answer, or None when it does."""
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as error:
        return repr(error)
    return None


def cache_settings(url: str) -> dict:
    """CACHES for `url`, as the settings build them, under a key prefix no one else uses."""
    default = environ.Env.cache_url_config(url)
    default["BACKEND"] = "django.core.cache.backends.redis.RedisCache"
    default["OPTIONS"] = {"socket_connect_timeout": 1, "socket_timeout": 1}
    default["KEY_PREFIX"] = f"{settings.CACHES['default'].get('KEY_PREFIX', 'test')}-{uuid.uuid4()}"
    return {"default": default}


def unreachable_redis_url() -> str:
    """A Redis URL where nothing listens."""
    return f"redis://127.0.0.1:{free_port()}/0"
