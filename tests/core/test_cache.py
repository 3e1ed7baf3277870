from core.cache import SharedPoolRedisCache


def test_redis_cache_instances_share_one_connection_pool(redis_url):
    """Django makes a cache instance per request context under ASGI; they must not
    each open their own Redis connections."""
    first = SharedPoolRedisCache(redis_url, {})
    second = SharedPoolRedisCache(redis_url, {})
    first.set("shared-pool-probe", 1, timeout=5)
    assert second.get("shared-pool-probe") == 1
    pool = first._cache._get_connection_pool(write=True)
    assert second._cache._get_connection_pool(write=False) is pool
    second.delete("shared-pool-probe")
    # One client per server too: Django would build one for every command.
    assert first._cache.get_client(write=True) is second._cache.get_client()
    assert first._cache.get_client().connection_pool is pool
