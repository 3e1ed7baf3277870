"""Django's Redis cache with one connection pool per process, not per request.

Django keeps a cache instance per thread or async context, and its Redis client
makes a connection pool per instance. Under ASGI every request runs in a context of
its own, so each request opened a fresh Redis connection (redis-py even reads its
package metadata for every new connection). Pools are thread-safe, so one pool per
server URL and process is shared by all instances.
"""

import threading

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

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
                    pool = self._pool_class.from_url(url, **self._pool_options)
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
        super().__init__(server, params)
        self._class = SharedPoolRedisCacheClient


def redis_client(key: str, alias: str = "default"):
    """(redis-py client, full key) for `key` when cache `alias` is on Redis, else None.

    For the few commands Django's cache API lacks (scripts, pipelines); the
    value format stays Django's (integers are stored as plain numbers).
    """
    backend = caches[alias]
    if not isinstance(backend, RedisCache):
        return None
    full_key = backend.make_and_validate_key(key)
    return backend._cache.get_client(full_key, write=True), full_key
