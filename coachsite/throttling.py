"""The API's throttle: DRF's ScopedRateThrottle over the shared cache (CACHE_URL), open when
the cache is down.

A throttle guards against abuse; it is not what the request is for. So when the cache (Redis
in production) cannot be reached, the request goes through unthrottled and the failure is
logged, rather than every throttled endpoint (logging in, asking for a WOD) answering 500
until Redis is back. Wrong passwords stay limited meanwhile by the login lockout, which
counts in the database.
"""

import logging

from redis.exceptions import RedisError
from rest_framework.throttling import ScopedRateThrottle

logger = logging.getLogger(__name__)


class CacheScopedRateThrottle(ScopedRateThrottle):
    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except RedisError as error:
            logger.error("[Cache] Throttle %r not applied, the cache failed: %r", self.scope, error)
            return True
