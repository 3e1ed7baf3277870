"""Django's Redis cache: one connection pool per process, and a site that works
without it.

Django keeps a cache instance per thread or async context, and its Redis client
makes a connection pool per instance. Under ASGI every request runs in a context of
its own, so each request opened a fresh Redis connection (redis-py even reads its
package metadata for every new connection). Pools are thread-safe, so one pool per
server URL and process is shared by all instances.

`ResilientRedisCache` (the production backend) keeps pages, logins and the APIs
answering while Redis is down; see there.

Django's Redis cache knows no Sentinel: the pools here are built by
`core.redis_conf`, so a `redis+sentinel://` LOCATION gives a pool whose
connections go to whichever server is primary now.
"""

from __future__ import annotations

import logging
import threading

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.core.signals import setting_changed

from core.breaker import REDIS_DOWN, Breaker
from core.redis_conf import SENTINEL_SCHEME, connection_pool

logger = logging.getLogger(__name__)

_pools: dict[str, object] = {}
_clients: dict[str, object] = {}
_lock = threading.Lock()


class SharedPoolRedisCacheClient(RedisCacheClient):
    def _get_connection_pool(self, write: bool):
        url = self._servers[self._get_connection_pool_index(write)]
        pool = _pools.get(url)
        if pool is None:
            with _lock:
                pool = _pools.get(url)
                if pool is None:
                    pool = connection_pool(url, self._pool_class, **self._pool_options)
                    _pools[url] = pool
        return pool

    def get_client(self, key=None, *, write: bool = False):
        # A redis-py client takes a connection from its pool per command, so one
        # per server is safe to share; Django builds a new one for every call.
        url = self._servers[self._get_connection_pool_index(write)]
        client = _clients.get(url)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            _clients[url] = client
        return client


class SharedPoolRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        if isinstance(server, str) and server.startswith(SENTINEL_SCHEME + ":"):
            # One location: Django would split its sentinel list at the commas.
            server = [server]
        super().__init__(server, params)
        self._class = SharedPoolRedisCacheClient


# --- working without Redis ---------------------------------------------------------
breaker = Breaker("cache")

# Keys that count requests to throttle them: while Redis is down they are counted
# in this process instead (see ResilientRedisCache). allauth's rate limits (login,
# sign-up, password reset, ...) and their locks start with "allauth:rl:"; ours
# with THROTTLE_PREFIX.
THROTTLE_PREFIX = "throttle:"
LOCAL_WHILE_DOWN = ("allauth:rl:", THROTTLE_PREFIX)

# Writes that could not reach Redis, by full key, removed from Redis once it
# answers again: an invalidation (delete, a new version) that was lost must not
# leave an old value there to be read after the outage. Bounded: past this many
# keys the oldest are forgotten (and logged).
_lost_writes: dict[str, None] = {}
_lost_lock = threading.Lock()
MAX_LOST_WRITES = 10_000
_fallback = LocMemCache(
    "boegbeeld-cache-while-redis-is-down", {"OPTIONS": {"MAX_ENTRIES": 10_000}}
)


def throttle_key(*parts: object) -> str:
    """A cache key for a request counter (counted per process while Redis is down)."""
    return THROTTLE_PREFIX + ":".join(str(part) for part in parts)


def redis_unreachable(exc: BaseException, key: str | None = None) -> None:
    """For code that talks to the cache's Redis itself (`redis_client`): it failed.

    `key` (a full key from `redis_client`) was written or not: it is removed from
    Redis once it answers again, so no half-done write outlives the outage.
    """
    breaker.failed(exc)
    if key is not None:
        _remember_lost(key)


def _remember_lost(key: str) -> None:
    with _lost_lock:
        _lost_writes[key] = None
        if len(_lost_writes) <= MAX_LOST_WRITES:
            return
        _lost_writes.pop(next(iter(_lost_writes)))
    logger.warning("cache: too many writes lost while Redis was down")


def _local_while_down(key: str) -> bool:
    return isinstance(key, str) and key.startswith(LOCAL_WHILE_DOWN)


class ResilientRedisCache(SharedPoolRedisCache):
    """The shared Redis cache that degrades instead of failing when Redis is down.

    Everything cached here can be rebuilt from the database, so while Redis is
    unreachable (and for `BOEGBEELD_REDIS_RETRY_SECONDS` after each failure, see
    `core.breaker`, so that no request waits on a dead Redis):

    * reads miss and writes are dropped (their keys are deleted from Redis once it
      answers again, see `_lost_writes`); `incr` finds no key (ValueError);
    * `add` adds nothing and answers False. Code that takes a lock or claims a
      one-time use with `add` (the figures refresh, allauth's TOTP replay guard)
      therefore does not go ahead: a TOTP code cannot be marked as used, so it is
      refused (fail closed: a replay is never accepted). Recovery codes, kept in
      the database, still log in;
    * request counters (`LOCAL_WHILE_DOWN`: allauth's rate limits on login,
      sign-up and password reset, and our API throttles) are counted in a cache
      local to the process instead. Failing open would let anyone guess
      passwords at full speed while Redis is down, failing closed would lock
      everybody out of logging in; counting per process keeps the limit, at
      worst multiplied by the number of worker processes.
    """

    # A Redis that does not answer within this many seconds counts as down
    # (redis-py waits forever by default); OPTIONS may say otherwise.
    SOCKET_TIMEOUT = 1.0

    def __init__(self, server, params) -> None:
        options = {
            "socket_connect_timeout": self.SOCKET_TIMEOUT,
            "socket_timeout": self.SOCKET_TIMEOUT,
            **params.get("OPTIONS", {}),
        }
        super().__init__(server, {**params, "OPTIONS": options})

    def _degrade(self, key, call, fallback, lost=()):
        """Run `call` on Redis; while Redis is down, answer `fallback()` instead.

        Returns (result, local): `local` says the key is counted in this process
        while Redis is down, and the caller asks the local cache instead.
        """
        if self.usable():
            try:
                return call(), False
            except REDIS_DOWN as exc:
                breaker.failed(exc)
        if _local_while_down(key):
            return None, True
        for lost_key in lost:
            _remember_lost(lost_key)
        return fallback(), False

    def usable(self) -> bool:
        """Whether to ask Redis now. The first time after an outage, the writes
        it lost are removed first, so no write made now is removed after it."""
        if not breaker.closed():
            return False
        if not breaker.down:
            return True
        with _lost_lock:
            keys = list(_lost_writes)
        try:
            client = self._cache.get_client(None, write=True)
            for start in range(0, len(keys), 500):
                client.delete(*keys[start : start + 500])
            if not keys:
                client.ping()
        except REDIS_DOWN as exc:
            breaker.failed(exc)
            return False
        with _lost_lock:
            for key in keys:
                _lost_writes.pop(key, None)
        breaker.succeeded()
        return True

    def _full(self, key, version=None) -> str:
        return self.make_and_validate_key(key, version=version)

    def get(self, key, default=None, version=None):
        result, local = self._degrade(
            key,
            lambda: super(ResilientRedisCache, self).get(key, default, version),
            lambda: default,
        )
        return _fallback.get(key, default, version) if local else result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        result, local = self._degrade(
            key,
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
            lambda: False,
        )
        return _fallback.add(key, value, timeout, version) if local else result

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        result, local = self._degrade(
            key,
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
            lambda: None,
            lost=[self._full(key, version)],
        )
        return _fallback.set(key, value, timeout, version) if local else result

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        result, local = self._degrade(
            key,
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
            lambda: False,
        )
        return _fallback.touch(key, timeout, version) if local else result

    def delete(self, key, version=None):
        result, local = self._degrade(
            key,
            lambda: super(ResilientRedisCache, self).delete(key, version),
            lambda: False,
            lost=[self._full(key, version)],
        )
        return _fallback.delete(key, version) if local else result

    def has_key(self, key, version=None):
        result, local = self._degrade(
            key,
            lambda: super(ResilientRedisCache, self).has_key(key, version),
            lambda: False,
        )
        return _fallback.has_key(key, version) if local else result

    def incr(self, key, delta=1, version=None):
        result, local = self._degrade(
            key,
            lambda: super(ResilientRedisCache, self).incr(key, delta, version),
            lambda: None,
            lost=[self._full(key, version)],
        )
        if local:
            return _fallback.incr(key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (Redis unreachable)")
        return result

    def get_many(self, keys, version=None):
        keys = list(keys)
        result, _local = self._degrade(
            None,
            lambda: super(ResilientRedisCache, self).get_many(keys, version),
            dict,
        )
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        result, _local = self._degrade(
            None,
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
            lambda: list(data),
            lost=[self._full(key, version) for key in data],
        )
        return result

    def delete_many(self, keys, version=None):
        keys = list(keys)
        result, _local = self._degrade(
            None,
            lambda: super(ResilientRedisCache, self).delete_many(keys, version),
            lambda: None,
            lost=[self._full(key, version) for key in keys],
        )
        return result

    def clear(self):
        _fallback.clear()
        result, _local = self._degrade(
            None, lambda: super(ResilientRedisCache, self).clear(), lambda: False
        )
        return result


def redis_client(key: str, alias: str = "default"):
    """(redis-py client, full key) for `key` when cache `alias` is on Redis, else None.

    For the few commands Django's cache API lacks (scripts, pipelines); the
    value format stays Django's (integers are stored as plain numbers). Also None
    while Redis is known to be down: use the cache API then (it degrades). Catch
    `core.breaker.REDIS_DOWN` around the commands and report it with
    `redis_unreachable`.
    """
    backend = caches[alias]
    if not isinstance(backend, RedisCache):
        return None
    if isinstance(backend, ResilientRedisCache) and not backend.usable():
        return None
    full_key = backend.make_and_validate_key(key)
    return backend._cache.get_client(full_key, write=True), full_key


def _settings_changed(setting: str, **kwargs) -> None:
    if setting == "CACHES":
        # A location may name another server now (tests reuse ports).
        _pools.clear()
        _clients.clear()
        breaker.reset()
        with _lost_lock:
            _lost_writes.clear()
        _fallback.clear()


setting_changed.connect(_settings_changed)
