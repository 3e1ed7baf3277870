"""The shared cache while its Redis is down: misses, no errors, one log line."""

import logging
import threading

import pytest
import redis
from django.core.cache import cache

from core import cache as core_cache
from core.cache import throttle_key


def test_cache_misses_and_drops_writes_while_redis_is_down(site_on_redis):
    cache.set("greeting", "hallo")
    site_on_redis.kill()

    assert cache.get("greeting") is None
    assert cache.get("greeting", "default") == "default"
    assert cache.get_or_set("computed", lambda: 42) == 42
    assert cache.get_many(["greeting", "computed"]) == {}
    assert cache.has_key("greeting") is False
    assert cache.set("greeting", "hoi") is None
    assert cache.delete("greeting") is False
    assert cache.touch("greeting") is False
    with pytest.raises(ValueError, match="not found"):
        cache.incr("counter")


def test_add_claims_nothing_while_redis_is_down(site_on_redis):
    """A lock or one-time use taken with `add` is never granted without Redis."""
    site_on_redis.kill()
    assert cache.add("lock", 1) is False
    assert cache.add("lock", 1) is False


def test_throttle_counters_count_in_the_process_while_redis_is_down(site_on_redis):
    key = throttle_key("test", 1)
    site_on_redis.kill()
    assert cache.add(key, 1, timeout=60) is True
    assert cache.incr(key) == 2
    assert cache.get(key) == 2
    # allauth's rate-limit keys too (its lock is taken with `add`).
    assert cache.add("allauth:rl:allauth.account:login_failed:x:lock", True) is True
    assert cache.add("allauth:rl:allauth.account:login_failed:x:lock", True) is False


def test_outage_is_logged_once_and_redis_left_alone_until_retry(
    site_on_redis, redis_retry_now, caplog
):
    site_on_redis.kill()
    with caplog.at_level(logging.WARNING, logger="core.breaker"):
        for _ in range(20):
            cache.get("anything")
        site_on_redis.start()
        redis.Redis.from_url(site_on_redis.url).set(":1:anything", b"1")
        # Within the retry period Redis is not asked, even though it is back.
        assert cache.get("anything") is None
        redis_retry_now()
        assert cache.get("anything") == 1
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2, messages
    assert "unreachable" in messages[0]
    assert "answers again" in messages[1]


def test_writes_lost_in_an_outage_are_removed_once_redis_answers(
    site_on_redis, redis_retry_now
):
    """An invalidation that could not reach Redis must not leave the old value
    to be read after the outage (here Redis keeps its data: it stalls)."""
    cache.set("version", 1, timeout=None)
    direct = redis.Redis.from_url(site_on_redis.url)
    direct.client_pause(800)  # Redis stops answering; our timeout is 0.5 s
    cache.delete("version")
    assert core_cache.breaker.down
    assert direct.exists(":1:version")  # still there: the delete was lost
    redis_retry_now()

    assert cache.get("something-else") is None  # the first answer after the pause
    assert not direct.exists(":1:version")
    assert cache.get("version") is None


def test_breaker_state_is_shared_by_threads(site_on_redis):
    site_on_redis.kill()
    cache.get("anything")
    seen = []
    thread = threading.Thread(target=lambda: seen.append(core_cache.breaker.closed()))
    thread.start()
    thread.join()
    assert seen == [False]


def test_a_write_right_after_the_outage_is_kept(site_on_redis, redis_retry_now):
    cache.set("version", 1, timeout=None)
    redis.Redis.from_url(site_on_redis.url).client_pause(800)
    cache.delete("version")  # lost: removed once Redis answers again
    redis_retry_now()

    cache.set("version", 2, timeout=None)  # the first command after the outage
    assert cache.get("version") == 2


def test_a_redis_that_does_not_answer_counts_as_down_after_a_second():
    """redis-py would wait for ever on a Redis that accepts but never answers."""
    backend = core_cache.ResilientRedisCache("redis://127.0.0.1:1/0", {})
    options = backend._cache._pool_options
    assert options["socket_connect_timeout"] == options["socket_timeout"] == 1.0
