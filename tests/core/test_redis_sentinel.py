"""Redis Sentinel: one URL read in one place, and the cache, the rate limits and
`/readyz` following a fail-over to the new primary (a real primary, replica and
three sentinels; the primary is killed by its PID)."""

import pytest
import redis
import redis.asyncio.sentinel
from channels_redis.utils import create_pool
from django.core.cache import cache

from config.redis import channel_layers, redis_cache
from core.redis_conf import (
    RedisConfigError,
    Sentinels,
    channel_layer_host,
    connection_pool,
    database_of,
    redis_url_from_env,
    sentinels_of,
    url_of_layer_host,
)
from tests.factories import UserFactory

URL = "redis+sentinel://:s%40cret@10.0.0.1:26379,10.0.0.2,[::1]:26380/boeg/3"


# --- reading the configuration ---------------------------------------------------
def test_sentinel_url_names_sentinels_master_database_and_password():
    assert sentinels_of(URL) == Sentinels(
        addresses=(("10.0.0.1", 26379), ("10.0.0.2", 26379), ("::1", 26380)),
        master="boeg",
        db=3,
        password="s@cret",
    )


def test_sentinel_url_with_user_and_sentinel_password():
    found = sentinels_of("redis+sentinel://app:pw@h:1/m?sentinel_password=x%2By")
    assert (found.username, found.password, found.db) == ("app", "pw", 0)
    assert found.sentinel_kwargs()["password"] == "x+y"
    assert sentinels_of(found.url()) == found


def test_plain_urls_name_no_sentinels():
    assert sentinels_of("redis://127.0.0.1:6379/2") is None
    assert database_of("redis://127.0.0.1:6379/2") == 2
    assert database_of(URL) == 3


@pytest.mark.parametrize(
    "url",
    [
        "redis+sentinel:///boeg/0",
        "redis+sentinel://h:1",
        "redis+sentinel://h:1/boeg/zero",
        "redis+sentinel://h:port/boeg",
        "redis+sentinel://h:1/a/0/extra",
    ],
)
def test_unreadable_sentinel_urls_are_refused(url):
    with pytest.raises(RedisConfigError):
        sentinels_of(url)


def test_sentinel_environment_builds_the_url():
    url = redis_url_from_env("", ["10.0.0.1:26379", " 10.0.0.2 "], "boeg")
    assert url == "redis+sentinel://10.0.0.1:26379,10.0.0.2:26379/boeg/0"
    assert redis_url_from_env("redis://h/1", [], "") == "redis://h/1"
    with pytest.raises(RedisConfigError):
        redis_url_from_env("redis://h/1", ["10.0.0.1"], "boeg")
    with pytest.raises(RedisConfigError):
        redis_url_from_env("", ["10.0.0.1"], "")


def test_channel_layer_entry_reads_back_as_the_same_url():
    host = channel_layer_host(URL, socket_timeout=None)
    assert sentinels_of(url_of_layer_host(host)) == sentinels_of(URL)
    assert url_of_layer_host(channel_layer_host("redis://h:1/2")) == "redis://h:1/2"


def test_channels_redis_builds_a_sentinel_pool_without_socket_timeout():
    """channels_redis#422: idle websockets drop unless socket_timeout is None."""
    layers = channel_layers(URL)
    for alias in ("default", "screens"):
        pool = create_pool(layers[alias]["CONFIG"]["hosts"][0])
        assert isinstance(pool, redis.asyncio.sentinel.SentinelConnectionPool)
        assert pool.service_name == "boeg"
        assert pool.connection_kwargs["socket_timeout"] is None
        assert (pool.connection_kwargs["db"], pool.connection_kwargs["password"]) == (
            3,
            "s@cret",
        )


def test_cache_location_keeps_its_sentinel_list_whole(settings):
    from django.core.cache import caches

    settings.CACHES = redis_cache(URL)
    backend = caches["default"]
    assert backend._servers == [URL]
    pool = connection_pool(URL)
    assert isinstance(pool, redis.sentinel.SentinelConnectionPool)
    assert (pool.service_name, pool.connection_kwargs["db"]) == ("boeg", 3)


# --- following a fail-over ------------------------------------------------------
def _keys_on(server: redis.Redis, pattern: str) -> list[str]:
    return list(server.scan_iter(f"*{pattern}*"))


def test_cache_follows_a_failover(site_on_sentinels):
    cluster = site_on_sentinels
    cache.set("before", "primary one")
    assert cache.get("before") == "primary one"

    old = cluster.kill_primary()
    # While no primary answers, the cache misses instead of failing.
    assert cache.get("before") in {None, "primary one"}
    new = cluster.wait_for_failover(old)

    cache.set("after", "primary two")
    assert cache.get("after") == "primary two"
    assert _keys_on(cluster.server(new), "after")


def test_cache_follows_a_switch_over_to_the_replica(site_on_sentinels):
    """The old primary lives on as a replica: nothing may be written to it."""
    cluster = site_on_sentinels
    cache.set("before", "primary one")
    new = cluster.wait_for_failover(cluster.switch_over())

    cache.set("after", "primary two")
    assert cache.get("after") == "primary two"
    assert _keys_on(cluster.server(new), "after")


@pytest.mark.django_db
def test_rate_limits_count_on_the_new_primary_after_a_failover(
    site_on_sentinels, client, settings
):
    cluster = site_on_sentinels
    settings.GUIDELINES_CHECK_RATE_LIMIT = 2
    client.force_login(UserFactory())
    new = cluster.wait_for_failover(cluster.kill_primary())

    answers = [
        client.post(
            "/api/v1/guidelines/check",
            {"text": "Hallo"},
            content_type="application/json",
        ).status_code
        for _ in range(3)
    ]
    assert answers == [200, 200, 429]
    # Counted in Redis (the new primary), not in this process as while it is down.
    assert _keys_on(cluster.server(new), "throttle:guidelines-check")


@pytest.mark.django_db
def test_readyz_answers_on_the_new_primary_after_a_failover(site_on_sentinels, client):
    cluster = site_on_sentinels
    assert client.get("/readyz").status_code == 200
    cluster.wait_for_failover(cluster.kill_primary())
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()


async def test_async_client_follows_a_failover(redis_sentinels):
    import asyncio

    from core.redis_conf import async_client

    cluster = redis_sentinels
    client = async_client(cluster.url(), socket_timeout=2)
    try:
        await client.set("before", 1)
        old = await asyncio.to_thread(cluster.kill_primary)
        new = await asyncio.to_thread(cluster.wait_for_failover, old)
        await client.set("after", 2)
        assert cluster.server(new).get("after") == "2"
    finally:
        await client.aclose()  # its sentinel connections too


async def test_screens_pubsub_layer_follows_a_failover(redis_sentinels):
    """The screens' layer (SCREENS_FANOUT=layer) subscribes again on the new primary."""
    import asyncio

    from channels_redis.pubsub import RedisPubSubChannelLayer

    from tests.core.sentinel_cluster import wait_until

    cluster = redis_sentinels
    config = channel_layers(cluster.url())["screens"]["CONFIG"]
    layer = RedisPubSubChannelLayer(**config)
    group_channel = layer._get_group_channel_name("lobby")
    try:
        channel = await layer.new_channel()
        await layer.group_add("lobby", channel)
        await layer.group_send("lobby", {"type": "screen.push", "n": 1})
        assert (await asyncio.wait_for(layer.receive(channel), 5))["n"] == 1

        old = await asyncio.to_thread(cluster.kill_primary)
        new = await asyncio.to_thread(cluster.wait_for_failover, old)

        def subscribed() -> bool:
            numsub = dict(cluster.server(new).pubsub_numsub(group_channel))
            return numsub.get(group_channel) == 1

        await asyncio.to_thread(wait_until, subscribed, 20, "the layer subscribed")
        await layer.group_send("lobby", {"type": "screen.push", "n": 2})
        assert (await asyncio.wait_for(layer.receive(channel), 5))["n"] == 2
    finally:
        await layer.flush()
