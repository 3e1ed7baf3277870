"""Redis for Boegbeeld: the channel layers, the cache and how long to leave a dead
Redis alone. `config.settings` takes these in; without `REDIS_URL` everything runs
in memory in one process.

`REDIS_URL` may name a Redis Sentinel setup (`redis+sentinel://...`, see
`core.redis_conf`), as may `REDIS_SENTINELS` with `REDIS_SENTINEL_MASTER`: every
client built here (and the hub's, the click buffer's) then follows a fail-over.
"""

import environ

from core.redis_conf import channel_layer_host, redis_url_from_env

env = environ.Env()

REDIS_URL = redis_url_from_env(
    env.str("REDIS_URL", default=""),
    env.list("REDIS_SENTINELS", default=[]),
    env.str("REDIS_SENTINEL_MASTER", default=""),
)


def channel_layers(url: str, *, screens_pubsub: bool = True) -> dict:
    """The channel layers on Redis at `url`: the core layer, and the screens'
    pub/sub layer unless `screens_pubsub` is off."""
    # socket_timeout=None: redis-py 8 defaults to 5 s, the same as channels-redis'
    # blocking receive, which drops idle websockets every 5 s (channels_redis#422).
    hosts = [channel_layer_host(url, socket_timeout=None)]
    layers = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": hosts,
                "capacity": env.int("CHANNEL_CAPACITY", default=1000),
                "expiry": 60,
                "group_expiry": 86400,
            },
        }
    }
    # The screens' broadcasts use their own layer alias. With Redis it is the
    # pub/sub layer: a broadcast is published once per group and fanned out inside
    # each worker, where the core layer writes one Redis key per connected screen.
    # Delivery through any layer is best effort; screens catch up from the
    # database on reconnect (`hello`) and on every heartbeat, so nothing approved
    # is lost when a publish is. Without the alias (no Redis) screens use the
    # default layer.
    if screens_pubsub:
        layers["screens"] = {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": hosts},
        }
    return layers


def redis_cache(url: str) -> dict:
    # Without Redis the cache misses, drops writes and counts rate limits per
    # process (core/cache.py).
    return {"default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": url}}


if REDIS_URL:
    CHANNEL_LAYERS = channel_layers(
        REDIS_URL,
        screens_pubsub=env.str("SCREENS_CHANNEL_LAYER", default="pubsub") == "pubsub",
    )
    CACHES = redis_cache(REDIS_URL)
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# After Redis fails to answer, each process leaves it alone this many seconds
# (cache, click buffer), so no request waits on a dead Redis.
BOEGBEELD_REDIS_RETRY_SECONDS = env.float("BOEGBEELD_REDIS_RETRY_SECONDS", default=5.0)
# The JSON APIs' Retry-After (s) on their 503 while the database or Redis is down.
BOEGBEELD_UNAVAILABLE_RETRY_AFTER = 30


__all__ = [
    "BOEGBEELD_REDIS_RETRY_SECONDS",
    "BOEGBEELD_UNAVAILABLE_RETRY_AFTER",
    "CACHES",
    "CHANNEL_LAYERS",
    "REDIS_URL",
]
