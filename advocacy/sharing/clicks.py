"""Counting clicks on tracked links without personal data.

A visitor is counted once per link per day. Who "a visitor" is rests on
sha256(daily salt + IP + kind of device + link code) (see `visitor_hash`): the
salt is random, made per day, and deleted after that day (as Plausible does),
so nothing stored can be traced back to a person and yesterday's hashes cannot
be recomputed. No IP address or user agent is ever written anywhere.

Two ways to record, chosen by BOEGBEELD_CLICK_BUFFER:

* "redis": one round trip per click — a Lua script sets the visitor's dedupe key
  (SET NX EX) and, if it was new, HINCRBYs a pending counter. `clicks_flush`
  moves the counts into ClickDaily: it RENAMEs the pending hash to a batch key
  first (new clicks go to a fresh hash), adds the batch to the database in one
  transaction that also records the batch id, and only then deletes the key. A
  crash anywhere leaves either the key (retried next time, skipped if its id is
  already recorded) or nothing: no click is lost or counted twice. With Redis
  Sentinel the record also WAITs for a replica in the same round trip, so a
  fail-over loses no click (see `_record_replicated`).
* "db": INSERT ... ON CONFLICT DO NOTHING of the visitor hash and, only when it
  was new, an upsert of the day's counter. Two small statements, one transaction.

While the buffer's Redis is unreachable, clicks are written the "db" way (no
click lost; `buffer_breaker` keeps each visitor from waiting on a dead Redis).
A visitor already counted in Redis earlier that day may then count once more:
the dedupe key is out of reach, and a lost click is worse than a rare double.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import redis.exceptions
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from core.breaker import REDIS_DOWN, Breaker
from core.redis_conf import sentinels_of, sync_client

logger = logging.getLogger(__name__)

# Link-preview fetchers and other robots: they get the redirect, but no count.
BOT_RE = re.compile(
    r"bot|crawler|spider|crawl|preview|fetch|curl|wget|python-requests|httpx|"
    r"go-http-client|headlesschrome|linkedinbot|twitterbot|facebookexternalhit|"
    r"facebookcatalog|slackbot|slack-imgproxy|discordbot|whatsapp|telegrambot|"
    r"googlebot|bingbot|applebot|embedly|iframely|skypeuripreview|mastodon|"
    r"bluesky|cardyb|pleroma|akkoma|misskey|okhttp|java/|libwww|scrapy|"
    r"lighthouse|pingdom|uptime|monitor",
    re.IGNORECASE,
)

VISITOR_TTL_SECONDS = 36 * 3600  # past the end of any day, wherever it started


def is_bot(user_agent: str) -> bool:
    """True for crawlers and scripts. No user agent at all counts as a script."""
    return not user_agent or bool(BOT_RE.search(user_agent))


def client_ip(meta) -> str:
    """The visitor's address: REMOTE_ADDR, and nothing a client can write.

    Behind the proxy the ASGI server puts the visitor's address there itself:
    uvicorn's `--proxy-headers` reads X-Forwarded-For only on connections from
    the addresses in `--forwarded-allow-ips` (the proxy, see deploy/). A header
    read here would be believed from anyone who reaches a worker directly.
    Only ever hashed, never stored.
    """
    return meta.get("REMOTE_ADDR", "")


# Phones and tablets; everything else counts as a computer.
MOBILE_RE = re.compile(r"mobi|android|iphone|ipad|ipod|tablet", re.IGNORECASE)


def device_kind(user_agent: str) -> str:
    """Phone or tablet ("mobile") or "computer": all a visitor takes from the agent."""
    return "mobile" if MOBILE_RE.search(user_agent) else "computer"


def visitor_hash(*, salt: str, ip: str, user_agent: str, code: str) -> str:
    """Who a visitor is, for counting: the address, refined by the kind of device.

    The user agent is whatever the client says, so hashing it whole let one
    person count as a new visitor with every User-Agent they made up (clicks
    earn points). The address is what they cannot change at will, so it is the
    visitor; the user agent only splits it into two kinds of device, phone or
    tablet and computer, because an address is often shared (an office, a
    household, a mobile carrier's NAT) and a phone and a computer behind it are
    most often two readers. So one address counts at most twice per link per
    day, whatever user agents it sends; readers sharing an address on the same
    kind of device count once (undercounting is the safe side for points).
    """
    visitor = (salt, ip, device_kind(user_agent), code)
    digest = hashlib.sha256("\x1f".join(visitor).encode("utf-8", "replace"))
    return digest.hexdigest()[:32]


# --- the daily salt ---------------------------------------------------------------
_salt_memo: dict[date, str] = {}


def daily_salt_cached(day: date) -> str | None:
    """The day's salt if this process has it already (no I/O), else None."""
    return _salt_memo.get(day)


def daily_salt(day: date) -> str:
    """Today's salt, shared by every worker through the database.

    Kept in memory per process, so it costs one query per process per day.
    """
    from advocacy.sharing.models import ClickSalt

    salt = _salt_memo.get(day)
    if salt is not None:
        return salt
    row = ClickSalt.objects.filter(day=day).first()
    if row is None:
        try:
            with transaction.atomic():
                row = ClickSalt.objects.create(day=day, salt=secrets.token_hex(32))
        except IntegrityError:
            row = ClickSalt.objects.get(day=day)
    _salt_memo.clear()
    _salt_memo[day] = row.salt
    return row.salt


def clicks_forget(*, today: date | None = None) -> int:
    """Delete salts and visitor hashes of days gone by; returns salts deleted."""
    from advocacy.sharing.models import ClickSalt, ClickVisitor

    today = today or timezone.localdate()
    for day in [d for d in _salt_memo if d < today]:
        _salt_memo.pop(day, None)
    ClickVisitor.objects.filter(day__lt=today).delete()
    deleted, _ = ClickSalt.objects.filter(day__lt=today).delete()
    return deleted


# --- recording ----------------------------------------------------------------------
def buffer_kind() -> str:
    kind = settings.BOEGBEELD_CLICK_BUFFER
    if kind in {"redis", "db"}:
        return kind
    return "redis" if settings.REDIS_URL else "db"


def _prefix() -> str:
    return settings.BOEGBEELD_CLICK_REDIS_PREFIX


@lru_cache(maxsize=4)
def _redis(url: str):
    return sync_client(url, socket_timeout=2, socket_connect_timeout=2)


def redis_client():
    return _redis(buffer_redis_url())


buffer_breaker = Breaker("click buffer")


def buffer_redis_url() -> str:
    """The Redis holding the click buffer."""
    return settings.BOEGBEELD_CLICK_REDIS_URL or settings.REDIS_URL


# One round trip per click: the visitor's dedupe key, then (if new) the counter.
RECORD_LUA = """
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  return redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
end
return 0
"""


@lru_cache(maxsize=4)
def _record_script(url: str):
    return _redis(url).register_script(RECORD_LUA)


def buffer_keys(*, share_id: int, day: date, visitor: str) -> tuple[list, list]:
    """KEYS and ARGV of `RECORD_LUA` for one visit."""
    prefix = _prefix()
    return (
        [f"{prefix}v:{day.isoformat()}:{visitor}", f"{prefix}pending"],
        [VISITOR_TTL_SECONDS, f"{share_id}:{day.isoformat()}"],
    )


def click_record(
    *,
    share_id: int,
    code: str,
    ip: str,
    user_agent: str,
    day: date | None = None,
) -> bool:
    """Count a visit to a tracked link; True when it was this visitor's first today.

    Bots are the caller's business (see `is_bot`): they are not passed in here.
    """
    day = day or timezone.localdate()
    visitor = visitor_hash(
        salt=daily_salt(day), ip=ip, user_agent=user_agent, code=code
    )
    if buffer_kind() == "redis" and buffer_breaker.closed():
        keys, args = buffer_keys(share_id=share_id, day=day, visitor=visitor)
        try:
            if sentinels_of(buffer_redis_url()) is None:
                result = _record_script(buffer_redis_url())(keys=keys, args=args)
            else:
                result = _record_replicated(keys, args)
        except REDIS_DOWN as exc:
            buffer_breaker.failed(exc)
        else:
            buffer_breaker.succeeded()
            return bool(result)
    return click_record_in_db(share_id=share_id, day=day, visitor=visitor)


class NotReplicated(redis.exceptions.ConnectionError):
    """No replica acknowledged a click in time: a fail-over could lose it."""


def _record_replicated(keys: list[str], args: list) -> int:
    """Record a click on the primary and WAIT for a replica, in one round trip.

    A new click no replica has is taken back and raises `NotReplicated` (a
    `REDIS_DOWN` error): the caller writes it to the database instead, and
    keeps doing so for a while, as while Redis is down. Should the primary die
    before the take-back reaches a replica, the click counts twice: a lost
    click is worse than a rare double.
    """
    client = _redis(buffer_redis_url())
    wait_ms = settings.BOEGBEELD_CLICK_REPLICA_WAIT_MS
    pipe = client.pipeline(transaction=False)
    pipe.eval(RECORD_LUA, len(keys), *keys, *args)
    pipe.execute_command("WAIT", 1, wait_ms)
    result, replicas = pipe.execute()
    if not replicated_or_nothing_to_lose(result, replicas):
        client.hincrby(keys[1], args[1], -1)
        raise NotReplicated(f"no replica acknowledged a click within {wait_ms} ms")
    return result


def replicated_or_nothing_to_lose(result: int, replicas: int) -> bool:
    """May a click recorded with WAIT stay in the buffer (else: taken back)?"""
    return replicas >= 1 or not result


def click_record_in_db(*, share_id: int, day: date, visitor: str) -> bool:
    """Count a visit straight in the database (no buffer, or Redis unreachable)."""
    from advocacy.sharing.models import ClickDaily, ClickVisitor

    qn = connection.ops.quote_name
    visitors = qn(ClickVisitor._meta.db_table)
    daily = qn(ClickDaily._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {visitors} (share_id, day, visitor) "  # noqa: S608
            "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
            [share_id, day, visitor],
        )
        if cursor.rowcount != 1:
            return False
        cursor.execute(
            f"INSERT INTO {daily} (share_id, day, {qn('count')}) "  # noqa: S608
            "VALUES (%s, %s, 1) ON CONFLICT (share_id, day) "
            f"DO UPDATE SET {qn('count')} = {daily}.{qn('count')} + 1",
            [share_id, day],
        )
    return True


# --- flushing the Redis buffer ---------------------------------------------------
@dataclass
class FlushResult:
    clicks: int = 0
    batches: int = 0
    days: set[date] = field(default_factory=set)
    share_ids: set[int] = field(default_factory=set)


def clicks_add(counts: dict[tuple[int, date], int]) -> None:
    """Add counts to ClickDaily in one statement per row (upsert, increments)."""
    from advocacy.sharing.models import ClickDaily, Share

    if not counts:
        return
    existing = set(
        Share.objects.filter(pk__in={sid for sid, _ in counts}).values_list(
            "pk", flat=True
        )
    )
    rows = [
        (share_id, day, n)
        for (share_id, day), n in sorted(counts.items())
        if share_id in existing and n > 0
    ]
    if not rows:
        return
    qn = connection.ops.quote_name
    daily, count = qn(ClickDaily._meta.db_table), qn("count")
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {daily} (share_id, day, {count}) "  # noqa: S608
            "VALUES (%s, %s, %s) ON CONFLICT (share_id, day) "
            f"DO UPDATE SET {count} = {daily}.{count} + EXCLUDED.{count}",
            rows,
        )


def _parse_batch(raw: dict) -> dict[tuple[int, date], int]:
    counts: dict[tuple[int, date], int] = defaultdict(int)
    for key, value in raw.items():
        key = key.decode() if isinstance(key, bytes) else str(key)
        try:
            share_id, day = key.split(":", 1)
            counts[(int(share_id), date.fromisoformat(day))] += int(value)
        except ValueError:
            logger.warning("Skipping a malformed click counter %r", key)
    return counts


def clicks_flush() -> FlushResult:
    """Move buffered clicks from Redis into ClickDaily. Safe to run any time, twice,
    concurrently, or after a crash: each batch is added exactly once."""
    result = FlushResult()
    if buffer_kind() != "redis":
        return result
    try:
        return _flush_batches(result)
    except REDIS_DOWN as exc:
        # What reached the database is rolled up all the same; the buffer is
        # flushed once Redis is back (every batch exactly once, as above).
        buffer_breaker.failed(exc)
        return result


def _flush_batches(result: FlushResult) -> FlushResult:
    from advocacy.sharing.models import ClickFlush

    client = redis_client()
    prefix = _prefix()
    pending = f"{prefix}pending"
    # Batches a crashed flush left behind first, then what is pending now.
    batch_keys = [k.decode() for k in client.scan_iter(f"{prefix}flushing:*")]
    if client.exists(pending):
        batch = f"{prefix}flushing:{uuid.uuid4().hex}"
        try:
            client.rename(pending, batch)
            batch_keys.append(batch)
        except Exception as exc:  # the key vanished: a concurrent flush took it
            if "no such key" not in str(exc).lower():
                raise
    for key in batch_keys:
        batch_id = key.rsplit(":", 1)[-1]
        counts = _parse_batch(client.hgetall(key))
        with transaction.atomic():
            try:
                with transaction.atomic():
                    ClickFlush.objects.create(
                        batch=batch_id, clicks=sum(counts.values())
                    )
            except IntegrityError:
                counts = {}  # already added by an earlier (crashed) flush
            clicks_add(counts)
        client.delete(key)
        result.batches += 1
        result.clicks += sum(counts.values())
        result.days.update(day for _, day in counts)
        result.share_ids.update(share_id for share_id, _ in counts)
    return result


def clicks_pending() -> int:
    """Clicks waiting in the Redis buffer (for status pages and benchmarks)."""
    if buffer_kind() != "redis":
        return 0
    client = redis_client()
    prefix = _prefix()
    total = 0
    for key in [f"{prefix}pending", *client.scan_iter(f"{prefix}flushing:*")]:
        total += sum(int(v) for v in client.hvals(key))
    return total
