"""The newest screen change's sequence number, where every worker reads it cheaply.

Screens are pushed each change through the channel layer, best effort. To
notice a push that never arrived without asking the database on every heartbeat,
every change (`services.changes`) raises a shared marker (in the cache: Redis in
production) to its sequence number once its transaction commits. A screen that
has not applied everything up to the marker is behind and catches up from the
database; one that has costs no query at all.

The marker only ever moves up: on Redis a small script compares and sets in one
step, so two changes committing in either order leave the higher number behind.
Each process keeps the value it last read for `MAX_AGE` seconds, so a thousand
heartbeats cost a read or so per second, not a thousand; changes made in this
process raise that copy at once.

A missing or unreadable marker (cache flushed, Redis down) reads as "unknown",
and an unknown marker means "ask the database", as every heartbeat used to.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache import cache

from core.breaker import REDIS_DOWN
from core.cache import redis_client, redis_unreachable

logger = logging.getLogger(__name__)

CACHE_KEY = "realtime:latest-screen-change"
MAX_AGE = 1.0

_RAISE_SCRIPT = """
local current = redis.call('GET', KEYS[1])
local value = tonumber(ARGV[1])
if not current or value > tonumber(current) then
    redis.call('SET', KEYS[1], ARGV[1])
    return value
end
return tonumber(current)
"""

_lock = threading.Lock()
# (value, monotonic time it was read); value None: unknown.
_local: tuple[int | None, float] = (None, float("-inf"))


def _raise_shared(seq: int) -> None:
    redis = redis_client(CACHE_KEY)
    if redis is not None:
        client, key = redis
        # Django's Redis cache stores integers as plain numbers, so the value
        # written by the script reads back through `cache.get` as an int.
        try:
            client.eval(_RAISE_SCRIPT, 1, key, seq)
        except REDIS_DOWN as exc:
            # The marker is removed once Redis answers again: "unknown", so
            # screens ask the database and the next approval seeds it.
            redis_unreachable(exc, key)
        return
    # Local-memory cache: one process, so a lock makes it atomic. (With Redis
    # known to be down the cache drops the write and removes the marker once
    # Redis is back, as above.)
    with _lock:
        current = cache.get(CACHE_KEY)
        if current is None or seq > current:
            cache.set(CACHE_KEY, seq, timeout=None)


def mark_changed(seq: int) -> None:
    """A screen change committed with this number; call after commit. Never raises.

    Also seeds a missing marker (after a cache flush) with the newest number
    found in the database: raising only ever moves it up, so a seed that races
    with a real change cannot hide it.
    """
    global _local
    with _lock:
        value, read_at = _local
        if value is not None and seq > value:
            _local = (seq, read_at)
    try:
        _raise_shared(seq)
    except Exception:
        # Heartbeats still find the change: an unchanged marker is re-checked
        # against the database every few minutes (see consumers.screen.RESYNC_EVERY).
        logger.warning("could not record screen change %s", seq)


def peek(now: float | None = None) -> tuple[bool, int | None]:
    """(fresh, value) of this process' copy, without any I/O."""
    value, read_at = _local
    now = time.monotonic() if now is None else now
    return value is not None and now - read_at < MAX_AGE, value


def read() -> int | None:
    """The marker, from this process' copy if fresh, else from the cache.

    Blocking I/O: call from a worker thread. None when unknown.
    """
    global _local
    fresh, value = peek()
    if fresh:
        return value
    now = time.monotonic()
    try:
        shared = cache.get(CACHE_KEY)
    except Exception:
        logger.warning("latest screen change unreadable")
        shared = None
    with _lock:
        if shared is not None and _local[0] is not None and _local[0] > shared:
            shared = _local[0]  # raised here after the read began
        _local = (shared, now if shared is not None else float("-inf"))
    return shared


def forget_local() -> None:
    """Drop this process' copy (tests; after a cache flush)."""
    global _local
    with _lock:
        _local = (None, float("-inf"))
