"""Where Redis is: one URL, read here, from which every Redis client is built.

`REDIS_URL` is either a plain Redis URL (`redis://[:password@]host:port/db`) or
names a Redis Sentinel setup, so that every client follows a fail-over to the
new primary:

    redis+sentinel://[[user]:password@]host:port[,host:port...]/<master>[/<db>]
        [?sentinel_password=...]

The hosts are the sentinels (port 26379 when left out), `<master>` the service
name they monitor (`sentinel monitor <master> ...`), `<db>` the database number
(0). The password (and user) are the Redis servers'; sentinels that ask for a
password of their own get `sentinel_password`. `REDIS_SENTINELS` (a
comma-separated host:port list) with `REDIS_SENTINEL_MASTER` say the same without
a password (`redis_url_from_env`).

Each client asks a sentinel for the primary's address whenever it opens a
connection; a connection to a primary that died (or became a replica) fails once
and the next one goes to the new primary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

import redis
import redis.asyncio
import redis.asyncio.sentinel
import redis.sentinel

SENTINEL_SCHEME = "redis+sentinel"
SENTINEL_PORT = 26379
# A sentinel that does not answer within this many seconds is skipped for the
# next one (they only answer "where is the primary", a quick question).
SENTINEL_TIMEOUT = 1.0


class RedisConfigError(ValueError):
    """A Redis URL or sentinel list that cannot be read."""


@dataclass(frozen=True)
class Sentinels:
    """A Redis Sentinel setup: which sentinels, which primary, which database."""

    addresses: tuple[tuple[str, int], ...]
    master: str
    db: int = 0
    username: str | None = None
    password: str | None = None
    sentinel_password: str | None = None

    def sentinel_kwargs(self) -> dict[str, Any]:
        """Connection options for the sentinels themselves."""
        options: dict[str, Any] = {
            "socket_timeout": SENTINEL_TIMEOUT,
            "socket_connect_timeout": SENTINEL_TIMEOUT,
        }
        if self.sentinel_password:
            options["password"] = self.sentinel_password
        return options

    def server_kwargs(self) -> dict[str, Any]:
        """Connection options for the primary: database and credentials."""
        options: dict[str, Any] = {"db": self.db}
        if self.username:
            options["username"] = self.username
        if self.password:
            options["password"] = self.password
        return options

    def url(self) -> str:
        auth = ""
        if self.username or self.password:
            user = quote(self.username or "", safe="")
            auth = f"{user}:{quote(self.password or '', safe='')}@"
        hosts = ",".join(_host_port(host, port) for host, port in self.addresses)
        query = ""
        if self.sentinel_password:
            query = "?sentinel_password=" + quote(self.sentinel_password, safe="")
        master = quote(self.master, safe="")
        return f"{SENTINEL_SCHEME}://{auth}{hosts}/{master}/{self.db}{query}"


def _host_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def parse_address(text: str) -> tuple[str, int]:
    """`host:port`, `host` or `[v6]:port` → (host, port), port 26379 by default."""
    text = text.strip()
    if text.startswith("["):
        host, _bracket, rest = text[1:].partition("]")
        port = rest.removeprefix(":")
    else:
        host, _colon, port = text.partition(":")
    if not host:
        raise RedisConfigError(f"no host in sentinel address {text!r}")
    try:
        return host, int(port) if port else SENTINEL_PORT
    except ValueError:
        raise RedisConfigError(f"bad port in sentinel address {text!r}") from None


def sentinels_of(url: str) -> Sentinels | None:
    """The sentinel setup a `redis+sentinel://` URL names; None for any other URL."""
    if not url.startswith(SENTINEL_SCHEME + "://"):
        return None
    # Not urlparse's host/port: the location holds several of them.
    parts = urlsplit(url)
    auth, _at, hosts = parts.netloc.rpartition("@")
    addresses = tuple(parse_address(h) for h in hosts.split(",") if h.strip())
    if not addresses:
        raise RedisConfigError("a redis+sentinel:// URL needs at least one sentinel")
    path = [unquote(p) for p in parts.path.split("/") if p]
    if not path or len(path) > 2:
        raise RedisConfigError(
            "a redis+sentinel:// URL ends in /<master name>[/<database number>]"
        )
    try:
        db = int(path[1]) if len(path) == 2 else 0
    except ValueError:
        raise RedisConfigError(f"bad database number {path[1]!r}") from None
    username, _colon, password = auth.partition(":")
    query = parse_qs(parts.query)
    return Sentinels(
        addresses=addresses,
        master=path[0],
        db=db,
        username=unquote(username) or None,
        password=unquote(password) or None,
        sentinel_password=(query.get("sentinel_password") or [None])[0],
    )


def redis_url_from_env(url: str, sentinels: list[str], master: str) -> str:
    """REDIS_URL, or the sentinel URL that REDIS_SENTINELS + REDIS_SENTINEL_MASTER
    name (database 0). Setting both ways at once is refused: which would win?"""
    if not sentinels and not master:
        return url
    if url:
        raise RedisConfigError(
            "set REDIS_URL or REDIS_SENTINELS + REDIS_SENTINEL_MASTER, not both "
            "(a redis+sentinel:// REDIS_URL holds sentinels and a password)"
        )
    if not sentinels or not master:
        raise RedisConfigError("REDIS_SENTINELS needs REDIS_SENTINEL_MASTER, and back")
    addresses = tuple(parse_address(s) for s in sentinels if s.strip())
    return Sentinels(addresses=addresses, master=master).url()


def database_of(url: str) -> int:
    """The database number a Redis URL (plain or sentinel) selects."""
    found = sentinels_of(url)
    if found is not None:
        return found.db
    try:
        return int((urlsplit(url).path or "/0").strip("/") or 0)
    except ValueError:
        return 0


# --- clients -----------------------------------------------------------------------
def sync_client(url: str, **options: Any) -> redis.Redis:
    """A redis-py client for `url`; with sentinels, one that follows the primary.

    `options` are connection options (timeouts, retry, decode_responses, ...).
    """
    found = sentinels_of(url)
    if found is None:
        return redis.Redis.from_url(url, **options)
    sentinel = redis.sentinel.Sentinel(
        found.addresses, sentinel_kwargs=found.sentinel_kwargs()
    )
    return sentinel.master_for(found.master, **found.server_kwargs(), **options)


class _AsyncPrimary(redis.asyncio.Redis):
    """A client of the primary that closes its connections to the sentinels too
    (they belong to its event loop)."""

    async def aclose(self, close_connection_pool: bool | None = None) -> None:
        try:
            await super().aclose(close_connection_pool)
        finally:
            await self.connection_pool.sentinel_manager.aclose()


def async_client(url: str, **options: Any) -> redis.asyncio.Redis:
    """The asyncio twin of `sync_client`."""
    found = sentinels_of(url)
    if found is None:
        return redis.asyncio.Redis.from_url(url, **options)
    sentinel = redis.asyncio.sentinel.Sentinel(
        found.addresses, sentinel_kwargs=found.sentinel_kwargs()
    )
    return sentinel.master_for(
        found.master, redis_class=_AsyncPrimary, **found.server_kwargs(), **options
    )


def connection_pool(
    url: str, pool_class: type[redis.ConnectionPool] | None = None, **options: Any
) -> redis.ConnectionPool:
    """A connection pool for `url` (for clients that take a pool, as Django's cache).

    With sentinels it is a pool of connections to whichever server is primary;
    `pool_class` then does not apply.
    """
    found = sentinels_of(url)
    if found is None:
        return (pool_class or redis.ConnectionPool).from_url(url, **options)
    sentinel = redis.sentinel.Sentinel(
        found.addresses, sentinel_kwargs=found.sentinel_kwargs()
    )
    return redis.sentinel.SentinelConnectionPool(
        found.master, sentinel, is_master=True, **found.server_kwargs(), **options
    )


def channel_layer_host(url: str, **options: Any) -> dict[str, Any]:
    """An entry of a channels_redis layer's `hosts` for `url`, with connection
    `options` (channels_redis passes them to its connection pool)."""
    found = sentinels_of(url)
    if found is None:
        return {"address": url, **options}
    return {
        "sentinels": [list(address) for address in found.addresses],
        "master_name": found.master,
        "sentinel_kwargs": found.sentinel_kwargs(),
        **found.server_kwargs(),
        **options,
    }


def url_of_layer_host(host: Any) -> str | None:
    """The URL a channels_redis `hosts` entry points at (the reverse of
    `channel_layer_host`); None for what it cannot tell."""
    if isinstance(host, str):
        return host
    if isinstance(host, list | tuple) and len(host) == 2:
        return f"redis://{host[0]}:{host[1]}"
    if not isinstance(host, dict):
        return None
    if isinstance(host.get("address"), str):
        return host["address"]
    if host.get("master_name") and host.get("sentinels"):
        sentinel_options = host.get("sentinel_kwargs") or {}
        return Sentinels(
            addresses=tuple((str(h), int(p)) for h, p in host["sentinels"]),
            master=str(host["master_name"]),
            db=int(host.get("db") or 0),
            username=host.get("username"),
            password=host.get("password"),
            sentinel_password=sentinel_options.get("password"),
        ).url()
    return None
