"""A Redis cache that may fail: what it holds are copies, so when Redis does not answer a read
misses and a write is dropped, each logged, and the request goes on (slower, never wrong).

After a failure Redis is left alone for `RETRY_SECONDS`, so a Redis that is down costs each
request nothing rather than a connection attempt; short socket timeouts (settings) bound what
the first failing call costs. `ping()` asks Redis itself, for the health check.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0


class TolerantRedisCacheClient(RedisCacheClient):
    _asleep_until = 0.0  # monotonic time before which Redis is not asked again

    def _call(self, name: str, fallback, *args):
        if time.monotonic() < self._asleep_until:
            return fallback
        try:
            return getattr(super(), name)(*args)
        except RedisError as error:
            self._asleep_until = time.monotonic() + RETRY_SECONDS
            logger.warning(
                "The cache (Redis) did not answer %s: %s. Going on without it for %d s.",
                name,
                error,
                RETRY_SECONDS,
            )
            return fallback

    def add(self, key, value, timeout):
        return self._call("add", False, key, value, timeout)

    def get(self, key, default):
        return self._call("get", default, key, default)

    def set(self, key, value, timeout):
        return self._call("set", None, key, value, timeout)

    def touch(self, key, timeout):
        return self._call("touch", False, key, timeout)

    def delete(self, key):
        return self._call("delete", False, key)

    def get_many(self, keys):
        return self._call("get_many", {}, keys)

    def has_key(self, key):
        return self._call("has_key", False, key)

    def set_many(self, data, timeout):
        return self._call("set_many", None, data, timeout)

    def delete_many(self, keys):
        return self._call("delete_many", None, keys)

    def clear(self):
        return self._call("clear", False)

    def incr(self, key, delta):
        found = self._call("incr", None, key, delta)
        if found is None:
            raise ValueError(f"Key {key!r} not found (or the cache did not answer).")
        return found

    def ping(self) -> bool:
        try:
            return bool(self.get_client(write=True).ping())
        except RedisError:
            return False


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient

    def ping(self) -> bool:
        """Whether Redis answers now (asked even while calls are held back after a failure)."""
        return self._cache.ping()
