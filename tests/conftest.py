"""Shared fixtures. Under CI=true the real Postgres and Redis are required."""

import os
import shutil
from urllib.parse import urlparse

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def need(reason: str) -> None:
    """Fail in CI (where the service must be there), skip on a bare laptop."""
    if IN_CI:
        pytest.fail(f"CI requires {reason}", pytrace=False)
    pytest.skip(f"needs {reason}")


@pytest.fixture(scope="session", autouse=True)
def _ci_uses_real_services() -> None:
    if not IN_CI:
        return
    engine = django_settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        pytest.fail(f"CI must test on Postgres, got {engine}", pytrace=False)
    if not os.environ.get("REDIS_URL"):
        pytest.fail("CI must set REDIS_URL", pytrace=False)


@pytest.fixture(autouse=True)
def _clean_cache() -> None:
    from realtime import services

    cache.clear()
    services.moderation_rules_forget()  # its per-process copy too


@pytest.fixture
def redis_url() -> str:
    """The real Redis from REDIS_URL, verified to answer."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        need("REDIS_URL (a running Redis)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        need(f"a Redis answering at {url} ({exc})")
    return url


@pytest.fixture
def redis_channel_layers(settings, redis_url: str) -> dict:
    """Switch the channel layer to the real Redis for one test."""
    layers = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": redis_url, "socket_timeout": None}]},
        }
    }
    settings.CHANNEL_LAYERS = layers
    return layers


@pytest.fixture
def redis_cache(settings, redis_url: str):
    """The default cache on the real Redis (the production backend), test keys apart."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.SharedPoolRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "boeg-test",
        }
    }
    return caches["default"]


@pytest.fixture
async def flush_channel_layer():
    """Layer state outlives tests (groups, queued messages): start and end clean."""
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    await layer.flush()
    yield layer
    await layer.flush()


def database_is_postgres() -> bool:
    url = os.environ.get("DATABASE_URL", "")
    return urlparse(url).scheme.startswith("postgres")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, dropped without connections left open.

    Async tests reach the database from asgiref's shared worker thread, which
    keeps its connection: close it first, or Postgres refuses to drop a
    database still in use.
    """
    yield
    from asgiref.sync import SyncToAsync
    from django.db import connections

    with django_db_blocker.unblock():
        SyncToAsync.single_thread_executor.submit(connections.close_all).result()


class PrivateRedis:
    """A redis-server of the test's own on a free loopback port: stop and start it."""

    def __init__(self) -> None:
        from tests.realtime.servers import free_port

        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        from tests.realtime.servers import start_redis

        self.process = start_redis(self.port)

    def kill(self) -> None:
        """Gone at once, as in a crash (SIGKILL to its PID)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=5)


@pytest.fixture
def private_redis_server():
    if not shutil.which("redis-server"):
        need("redis-server")
    server = PrivateRedis()
    server.start()
    yield server
    server.kill()


@pytest.fixture
def site_on_redis(settings, private_redis_server) -> PrivateRedis:
    """Production's Redis wiring (cache, channel layers, click buffer) on a Redis
    of the test's own. A failure puts Redis aside for a minute (the breaker):
    tests that bring it back say so with `redis_retry_now`, they never wait."""
    from advocacy.sharing import clicks
    from core import cache as core_cache

    url = private_redis_server.url
    hosts = [{"address": url, "socket_timeout": None}]
    settings.REDIS_URL = url
    settings.BOEGBEELD_REDIS_RETRY_SECONDS = 60
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": hosts},
        },
        "screens": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": hosts},
        },
    }
    settings.BOEGBEELD_CLICK_BUFFER = "redis"
    settings.BOEGBEELD_CLICK_REDIS_URL = url
    clicks.buffer_breaker.reset()
    yield private_redis_server
    clicks.buffer_breaker.reset()
    core_cache.breaker.reset()


@pytest.fixture
def redis_retry_now(settings):
    """Ask Redis again at once after a failure (the breaker's retry period: 0)."""

    def retry_now() -> None:
        settings.BOEGBEELD_REDIS_RETRY_SECONDS = 0

    return retry_now


@pytest.fixture
def redis_sentinels(tmp_path):
    """A primary, a replica and three sentinels of the test's own (stopped by PID)."""
    from tests.core.sentinel_cluster import SentinelCluster, binaries_missing

    missing = binaries_missing()
    if missing:
        need(missing)
    cluster = SentinelCluster(tmp_path)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def site_on_sentinels(settings, redis_sentinels):
    """Production's Redis wiring (`config.redis`: cache, channel layers, click
    buffer) on the sentinels' URL. Redis is asked again at once after a failure
    (no breaker pause): the tests wait for the fail-over themselves."""
    from advocacy.sharing import clicks
    from config.redis import channel_layers, redis_cache
    from core import cache as core_cache

    url = redis_sentinels.url()
    settings.REDIS_URL = url
    settings.BOEGBEELD_REDIS_RETRY_SECONDS = 0
    settings.CACHES = redis_cache(url)
    settings.CHANNEL_LAYERS = channel_layers(url)
    settings.BOEGBEELD_CLICK_BUFFER = "redis"
    settings.BOEGBEELD_CLICK_REDIS_URL = url
    clicks.buffer_breaker.reset()
    yield redis_sentinels
    clicks.buffer_breaker.reset()
    core_cache.breaker.reset()
