"""Counting a click from the event loop: `clicks.click_record` for an ASGI app.

The same buffer, keys, Lua script and breaker as `clicks`, with one round trip
to Redis and no thread. The database is only reached when it must be (the day's
salt for the first click of the day in this process, no Redis buffer, or Redis
unreachable), through `db_call` on a thread. Nothing is held in the process: a
click is in Redis (or the database) before its redirect is sent, so a worker
stopping or crashing loses none; `clicks.clicks_flush` moves them on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.conf import settings
from django.db import connections
from django.utils import timezone

from advocacy.sharing import clicks
from core.breaker import REDIS_DOWN
from core.redis_conf import async_client, sentinels_of

T = TypeVar("T")

# (event loop, url, client, script): a worker has one event loop, tests many.
_client: tuple | None = None


def _redis_new(url: str):
    """The click buffer's asyncio Redis client (the same timeouts as `clicks`;
    with Sentinel, one that follows the primary)."""
    return async_client(url, socket_timeout=2, socket_connect_timeout=2)


def _current() -> tuple:
    global _client
    loop, url = asyncio.get_running_loop(), clicks.buffer_redis_url()
    if _client is None or _client[0] is not loop or _client[1] != url:
        client = _redis_new(url)
        _client = (loop, url, client, client.register_script(clicks.RECORD_LUA))
    return _client


async def _record(keys: list, args: list) -> int:
    """`clicks`' record, and with Sentinel its WAIT for a replica in the same
    round trip (see `clicks._record_replicated`)."""
    _loop, url, client, script = _current()
    if sentinels_of(url) is None:
        return await script(keys=keys, args=args)
    wait_ms = settings.BOEGBEELD_CLICK_REPLICA_WAIT_MS
    pipe = client.pipeline(transaction=False)
    pipe.eval(clicks.RECORD_LUA, len(keys), *keys, *args)
    pipe.execute_command("WAIT", 1, wait_ms)
    result, replicas = await pipe.execute()
    if not clicks.replicated_or_nothing_to_lose(result, replicas):
        await client.hincrby(keys[1], args[1], -1)
        raise clicks.NotReplicated(f"no replica acknowledged a click in {wait_ms} ms")
    return result


async def redis_close() -> None:
    """Close the running event loop's client (tests that start loops of their own)."""
    global _client
    if _client is not None and _client[0] is asyncio.get_running_loop():
        client, _client = _client[2], None
        await client.aclose()


def _tidy_connections() -> None:
    # What Django's request_started/request_finished do, except inside a
    # transaction (a test's): connections past CONN_MAX_AGE or broken are closed.
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def _in_request(func: Callable[..., T]) -> Callable[..., T]:
    def run(*args: Any, **kwargs: Any) -> T:
        _tidy_connections()
        try:
            return func(*args, **kwargs)
        finally:
            _tidy_connections()

    return run


async def db_call(func: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """Run database code on a thread of its own, as Django runs a view (under a
    test's `async_to_sync`, on the test's thread and its transaction)."""
    async with ThreadSensitiveContext():
        return await sync_to_async(_in_request(func))(*args, **kwargs)


async def click_record_async(
    *, share_id: int, code: str, ip: str, user_agent: str
) -> bool:
    """Count a visit; True when it was this visitor's first today (see
    `clicks.click_record`, which this mirrors)."""
    day = timezone.localdate()
    salt = clicks.daily_salt_cached(day) or await db_call(clicks.daily_salt, day)
    visitor = clicks.visitor_hash(salt=salt, ip=ip, user_agent=user_agent, code=code)
    if clicks.buffer_kind() == "redis" and clicks.buffer_breaker.closed():
        keys, args = clicks.buffer_keys(share_id=share_id, day=day, visitor=visitor)
        try:
            result = await _record(keys, args)
        except REDIS_DOWN as exc:
            clicks.buffer_breaker.failed(exc)
        else:
            clicks.buffer_breaker.succeeded()
            return bool(result)
    return await db_call(
        clicks.click_record_in_db, share_id=share_id, day=day, visitor=visitor
    )
