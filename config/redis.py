"""Redis for Boegbeeld: the channel layers, the cache and how long to leave a dead
Redis alone. `config.settings` takes these in; without `REDIS_URL` everything runs
in memory in one process.
"""

import environ

env = environ.Env()

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # socket_timeout=None: redis-py 8 defaults to 5 s, the same as channels-redis'
    # blocking receive, which drops idle websockets every 5 s (channels_redis#422).
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": None}],
                "capacity": env.int("CHANNEL_CAPACITY", default=1000),
                "expiry": 60,
                "group_expiry": 86400,
            },
        }
    }
    # Without Redis the cache misses, drops writes and counts rate limits per
    # process (core/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# After Redis fails to answer, each process leaves it alone this many seconds
# (cache, click buffer), so no request waits on a dead Redis.
BOEGBEELD_REDIS_RETRY_SECONDS = env.float("BOEGBEELD_REDIS_RETRY_SECONDS", default=5.0)
# The JSON APIs' Retry-After (s) on their 503 while the database or Redis is down.
BOEGBEELD_UNAVAILABLE_RETRY_AFTER = 30

# The screens' broadcasts use their own layer alias. With Redis it is the pub/sub
# layer: a broadcast is published once per group and fanned out inside each worker,
# where the core layer writes one Redis key per connected screen. Delivery through
# any layer is best effort; screens catch up from the database on reconnect
# (`hello`) and on every heartbeat, so nothing approved is lost when a publish is.
# Without the alias (no Redis) screens use the default layer.
if REDIS_URL and env.str("SCREENS_CHANNEL_LAYER", default="pubsub") == "pubsub":
    CHANNEL_LAYERS["screens"] = {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": None}]},
    }


__all__ = [
    "BOEGBEELD_REDIS_RETRY_SECONDS",
    "BOEGBEELD_UNAVAILABLE_RETRY_AFTER",
    "CACHES",
    "CHANNEL_LAYERS",
    "REDIS_URL",
]
