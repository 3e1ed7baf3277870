"""Per-process fan-out of screen broadcasts: one subscription per group, not per socket.

Each event loop (one per worker process in production) keeps a `Hub`: a registry
`{group: {consumer, ...}}` of the screen consumers connected to it. A broadcast
is published once per group and the hub writes the already-encoded text straight
to each local socket (`consumer.base_send`), with no per-socket channel, queue,
decode or dispatch in between.

Where broadcasts travel depends on the screens' channel layer configuration:

- a channels_redis layer (production, `REDIS_URL`): the hub takes the same Redis
  address, PUBLISHes each broadcast once per group and holds ONE subscription per
  group that has local members, read by a single task per process. The reader
  waits for messages without a timeout, reconnects with backoff and subscribes
  again to every group it needs.
- the in-memory layer (the default, one process): broadcasts are handed to every
  hub in the process directly, no Redis involved.
- any other layer: the hub stays off and screens use the layer.

Delivery stays best effort, as through the layer: a send that fails is logged
and screens catch up from the database on their heartbeat and `hello`.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from urllib.parse import urlparse

import redis
import redis.asyncio as aioredis
from django.conf import settings
from django.core.signals import setting_changed
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

HUB = "hub"
LAYER = "layer"
# Sends still waiting on one slow socket before further broadcasts skip it (the
# screen then catches up from the database on its next heartbeat).
MAX_INFLIGHT = 100
# Most broadcasts written to the sockets together (see `Hub.fanout_many`).
MAX_BATCH = 64
# How long a joining screen waits for Redis to confirm its subscriptions.
SUBSCRIBE_WAIT = 2.0
PUBLISH_TIMEOUT = 2.0
BACKOFF_FIRST = 0.2
BACKOFF_MAX = 5.0
# A channel every reader subscribes to, so its connection is never idle-unsubscribed.
CONTROL = "_hub"

_config: tuple[str, str | None, str] | None = None


def _resolve() -> tuple[str, str | None, str]:
    """(mode, Redis URL or None, channel prefix) from the settings."""
    from realtime.broadcast import screens_layer_alias

    mode = getattr(settings, "SCREENS_FANOUT", HUB)
    config = settings.CHANNEL_LAYERS.get(screens_layer_alias(), {})
    backend = str(config.get("BACKEND", ""))
    url = None
    if not backend.startswith("channels_redis.") and not backend.endswith(
        ".InMemoryChannelLayer"
    ):
        # Another layer may span processes, which the hub could not follow.
        return LAYER, None, ""
    if backend.startswith("channels_redis."):
        hosts = config.get("CONFIG", {}).get("hosts") or ["redis://localhost:6379"]
        host = hosts[0]
        url = host.get("address") if isinstance(host, dict) else host
        if isinstance(url, list | tuple) and len(url) == 2:
            url = f"redis://{url[0]}:{url[1]}"
        if not isinstance(url, str):
            # Sentinels and the like: a hub without Redis would only reach the
            # screens of the publishing process, so keep to the layer there.
            logger.warning(
                "screens hub: unsupported Redis host %r, using the layer", host
            )
            return LAYER, None, ""
    prefix = getattr(settings, "SCREENS_HUB_PREFIX", "boegbeeld.screens:")
    if url:
        # Pub/sub ignores the database number: keep databases apart by name.
        db = (urlparse(url).path or "/0").strip("/") or "0"
        prefix = f"{prefix}{db}:"
    return mode, url, prefix


def config() -> tuple[str, str | None, str]:
    global _config
    if _config is None:
        _config = _resolve()
    return _config


def enabled() -> bool:
    return config()[0] == HUB


def _settings_changed(setting: str, **kwargs) -> None:
    global _config, _sync_client
    if setting in {"CHANNEL_LAYERS", "SCREENS_FANOUT", "SCREENS_HUB_PREFIX"}:
        _config = None
        _sync_client = None


setting_changed.connect(_settings_changed)


# --- sending without a task per socket -------------------------------------------
class _Resume:
    """Awaitable that carries on a coroutine already run up to its first suspension."""

    __slots__ = ("coro", "first")

    def __init__(self, coro, first) -> None:
        self.coro = coro
        self.first = first

    def __await__(self):
        coro, value = self.coro, self.first
        while True:
            try:
                sent = yield value
            except BaseException as exc:  # cancellation too: pass it in
                try:
                    value = coro.throw(exc)
                except StopIteration as stop:
                    return stop.value
            else:
                try:
                    value = coro.send(sent)
                except StopIteration as stop:
                    return stop.value


async def _resume(coro, first):
    return await _Resume(coro, first)


def start_eagerly(coro) -> asyncio.Task | None:
    """Run `coro` now; a task for the rest if it suspends, None if it finished.

    Writing a websocket frame almost never suspends (it only waits when the
    socket's buffer is full), so a task per socket per broadcast would be pure
    overhead. Exceptions raised before the first suspension propagate.
    """
    try:
        first = coro.send(None)
    except StopIteration:
        return None
    return asyncio.ensure_future(_resume(coro, first))


# --- writing one pre-built frame to many sockets -----------------------------------
try:
    from uvicorn.protocols.websockets.websockets_sansio_impl import (
        WebSocketsSansIOProtocol,
    )
    from websockets.frames import Frame, Opcode
    from websockets.protocol import State
except ImportError:  # pragma: no cover - another server: ASGI sends only
    WebSocketsSansIOProtocol = None

# Where `ServerSend` keeps the server's own `send` callable in the scope.
SCOPE_SEND = "boegbeeld.server_send"


class ServerSend:
    """ASGI middleware: keeps the server's own `send` in the websocket scope.

    Channels' session middleware wraps `send` further in; the hub looks at the
    server's to recognise a connection it may write frames to itself.
    """

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        return await self.app({**scope, SCOPE_SEND: send}, receive, send)


def direct_connection(scope: dict):
    """The server connection of an accepted websocket, if the hub may write to it.

    A broadcast is the same frame for every screen: unmasked, uncompressed, one
    text frame. On uvicorn's websockets (sans-I/O) protocol without extensions
    the hub builds it once and hands the bytes to each socket's transport,
    instead of an ASGI send per socket (a coroutine, an encode and a frame each).
    Anything else (compression negotiated, another server or implementation)
    gets None and the ASGI send.
    """
    send = scope.get(SCOPE_SEND)
    connection = getattr(send, "__self__", None)
    if WebSocketsSansIOProtocol is None or not isinstance(
        connection, WebSocketsSansIOProtocol
    ):
        return None
    if send.__func__ is not WebSocketsSansIOProtocol.send or connection.conn.extensions:
        return None
    return connection


def text_frame(text: str) -> bytes:
    """One final, unmasked, uncompressed text frame carrying `text`."""
    return Frame(Opcode.TEXT, text.encode()).serialize(mask=False)


def _open_for_writing(connection) -> bool:
    return (
        connection.writable.is_set()
        and not connection.close_sent
        and not connection.disconnected
        and connection.conn.state is State.OPEN
        and not connection.transport.is_closing()
    )


# --- the per-loop hub -------------------------------------------------------------
class Hub:
    """The screen consumers on one event loop, by group, and their subscriptions."""

    def __init__(self, loop: asyncio.AbstractEventLoop, cfg: tuple) -> None:
        self.loop = loop
        self.config = cfg
        _mode, self.url, self.prefix = cfg
        self.groups: dict[str, set] = {}
        self.tasks: set[asyncio.Task] = set()
        self.reader: asyncio.Task | None = None
        self.closed = False
        # Redis mode: group -> future resolved once Redis confirmed the subscription.
        self.confirmed: dict[str, asyncio.Future] = {}
        self.pubsub = None
        self.down = False  # Redis lost: joins do not wait for confirmations
        self.sub_client = None
        self.pub_client = None
        self.wake = asyncio.Event()
        self.retry_now = asyncio.Event()  # a screen joined while Redis was lost
        self.inbox: deque = deque()  # local mode: (group, text, feedback_id)
        # Redis mode: broadcasts read but not yet written, and whether a write
        # of them is scheduled.
        self.pending: list[tuple[str, str, int]] = []
        self.flush_scheduled = False

    # registry -------------------------------------------------------------------
    async def join(self, consumer, groups: list[str]) -> bool:
        """Add a consumer to its groups; True once its broadcasts will arrive here."""
        self._ensure_reader()
        for group in groups:
            members = self.groups.get(group)
            if members is None:
                members = self.groups[group] = set()
            members.add(consumer)
        if self.url is None:
            return True
        return await self._subscribe(groups)

    def leave(self, consumer, groups: list[str]) -> None:
        gone = []
        for group in groups:
            members = self.groups.get(group)
            if members is None:
                continue
            members.discard(consumer)
            if not members:
                del self.groups[group]
                gone.append(group)
        if gone and self.url is not None:
            for group in gone:
                future = self.confirmed.pop(group, None)
                if future is not None and not future.done():
                    future.cancel()
            if self.pubsub is not None:
                self._spawn(self._unsubscribe(gone))

    def members(self, group: str) -> set:
        return self.groups.get(group, set())

    # delivery -------------------------------------------------------------------
    def fanout(self, group: str, text: str, feedback_id: int = 0) -> int:
        """Write one broadcast to every local member of `group`; returns the count.

        Consumers still sending their snapshot queue it in their backlog instead.
        """
        return self.fanout_many([(group, text, feedback_id)])

    def fanout_many(self, batch: list[tuple[str, str, int]]) -> int:
        """Write broadcasts, in order, to the local members of their groups.

        A screen due several of them gets one write carrying all their frames:
        under a burst that is one system call per socket instead of one per
        broadcast. Returns the number of sockets written to.
        """
        if len(batch) == 1:
            members = self.groups.get(batch[0][0])
            if not members:
                return 0
            plan = dict.fromkeys(members, (0,))
        else:
            # Which broadcasts each screen is due, in order.
            due: dict = {}
            for index, (group, _text, _feedback_id) in enumerate(batch):
                for consumer in self.groups.get(group, ()):
                    indexes = due.get(consumer)
                    if indexes is None:
                        due[consumer] = [index]
                    else:
                        indexes.append(index)
            plan = {consumer: tuple(indexes) for consumer, indexes in due.items()}
        frames: dict[int, bytes] = {}
        joined: dict[tuple, bytes] = {}

        def frames_for(indexes: tuple) -> bytes:
            data = joined.get(indexes)
            if data is None:
                for index in indexes:
                    if index not in frames:
                        frames[index] = text_frame(batch[index][1])
                data = joined[indexes] = b"".join(frames[i] for i in indexes)
            return data

        sent = 0
        for consumer, indexes in plan.items():
            if self._deliver(consumer, batch, indexes, frames_for):
                sent += 1
        return sent

    def _deliver(self, consumer, batch: list, indexes: tuple, frames_for) -> bool:
        backlog = consumer.hub_backlog
        if backlog is not None:
            for index in indexes:
                backlog.append((batch[index][1], batch[index][2]))
            return False
        inflight = consumer.hub_inflight
        if inflight >= MAX_INFLIGHT:
            return False  # stuck socket: its heartbeat replays from the database
        newest = max(batch[i][2] for i in indexes)
        if newest > consumer.last_id:
            consumer.last_id = newest
        connection = consumer.hub_connection
        # Sends still waiting go first: then these queue behind them.
        if connection is not None and not inflight and _open_for_writing(connection):
            connection.transport.write(frames_for(indexes))
            return True
        for index in indexes:
            message = {"type": "websocket.send", "text": batch[index][1]}
            try:
                task = start_eagerly(consumer.base_send(message))
            except Exception as exc:
                logger.debug("screen %s send failed: %r", consumer.screen_id, exc)
                return False
            if task is not None:
                consumer.hub_inflight += 1
                self.tasks.add(task)
                task.add_done_callback(
                    lambda t, c=consumer: self._sent(t, c)  # noqa: B008
                )
        return True

    def _sent(self, task: asyncio.Task, consumer) -> None:
        self.tasks.discard(task)
        consumer.hub_inflight -= 1
        if not task.cancelled() and task.exception() is not None:
            logger.debug(
                "screen %s send failed: %r", consumer.screen_id, task.exception()
            )

    def post(self, group: str, text: str, feedback_id: int) -> None:
        """Local mode: queue a broadcast for this loop (call on the loop)."""
        self.inbox.append((group, text, feedback_id))
        self.wake.set()

    # publishing -----------------------------------------------------------------
    async def publish(self, groups, text: str, feedback_id: int) -> None:
        if self.url is None:
            deliver_local(groups, text, feedback_id)
            return
        if self.pub_client is None:
            self.pub_client = aioredis.Redis.from_url(
                self.url,
                socket_timeout=PUBLISH_TIMEOUT,
                socket_connect_timeout=PUBLISH_TIMEOUT,
                # Once more on a fresh connection (after a Redis restart), then
                # fail fast: the request must not wait on a broadcast.
                retry=AsyncRetry(NoBackoff(), 1),
            )
        payload = encode_payload(text, feedback_id)
        for group in groups:
            await self.pub_client.publish(self.prefix + group, payload)

    # the reader -----------------------------------------------------------------
    def _ensure_reader(self) -> None:
        if self.reader is None or self.reader.done():
            run = self._read_local if self.url is None else self._read_redis
            self.reader = self.loop.create_task(run(), name="screens-hub")

    def _spawn(self, coro) -> None:
        task = self.loop.create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _read_local(self) -> None:
        while True:
            await self.wake.wait()
            self.wake.clear()
            while self.inbox:
                batch = [self.inbox.popleft()]
                while self.inbox and len(batch) < MAX_BATCH:
                    batch.append(self.inbox.popleft())
                self.fanout_many(batch)
                await asyncio.sleep(0)  # let sockets and requests in between

    async def _read_redis(self) -> None:
        delay = BACKOFF_FIRST
        try:
            while True:
                try:
                    if self.pubsub is None:
                        await self._connect()
                        delay = BACKOFF_FIRST
                    message = await self.pubsub.get_message(timeout=None)
                    if message is not None:
                        self._handle(message)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    logger.warning(
                        "screens hub lost Redis (%r); retrying in %.1f s", exc, delay
                    )
                    await self._drop_pubsub()
                    await self._backoff(delay)
                    delay = min(delay * 2, BACKOFF_MAX)
        finally:
            await self._drop_pubsub()

    async def _backoff(self, delay: float) -> None:
        """Wait before reconnecting; a screen joining meanwhile cuts it short."""
        self.retry_now.clear()
        await asyncio.sleep(BACKOFF_FIRST)
        if self.retry_now.is_set():
            return
        try:
            await asyncio.wait_for(self.retry_now.wait(), delay - BACKOFF_FIRST)
        except TimeoutError:
            pass

    def _handle(self, message: dict) -> None:
        kind = message["type"]
        channel = message["channel"]
        if not channel.startswith(self.prefix):
            return
        group = channel[len(self.prefix) :]
        if kind == "message":
            text, feedback_id = decode_payload(message["data"])
            # Broadcasts already read from Redis go out together once the reader
            # waits for more: a burst is written to each socket in one go.
            self.pending.append((group, text, feedback_id))
            if len(self.pending) >= MAX_BATCH:
                self._flush()
            elif not self.flush_scheduled:
                self.flush_scheduled = True
                self.loop.call_soon(self._flush)
        elif kind == "subscribe":
            future = self.confirmed.get(group)
            if future is not None and not future.done():
                future.set_result(True)

    def _flush(self) -> None:
        self.flush_scheduled = False
        batch, self.pending = self.pending, []
        if batch:
            self.fanout_many(batch)

    async def _connect(self) -> None:
        if self.sub_client is None:
            self.sub_client = aioredis.Redis.from_url(
                self.url,
                socket_timeout=None,
                socket_connect_timeout=PUBLISH_TIMEOUT,
                socket_keepalive=True,
                decode_responses=True,
                retry=AsyncRetry(NoBackoff(), 0),  # the reader reconnects itself
            )
        pubsub = self.sub_client.pubsub()
        groups = list(self.groups)
        for group in groups:
            self._future(group)
        try:
            await pubsub.subscribe(*(self.prefix + g for g in [CONTROL, *groups]))
        except BaseException:
            await _quietly(pubsub.aclose())
            raise
        self.pubsub, self.down = pubsub, False
        # Groups that screens joined while this subscription was on its way.
        late = [g for g in self.groups if g not in set(groups)]
        if late:
            for group in late:
                self._future(group)
            await pubsub.subscribe(*(self.prefix + g for g in late))

    async def _drop_pubsub(self) -> None:
        pubsub, self.pubsub, self.down = self.pubsub, None, True
        # Whatever was confirmed on the old connection must be confirmed anew.
        confirmed, self.confirmed = self.confirmed, {}
        for future in confirmed.values():
            if not future.done():
                future.cancel()
        if pubsub is not None:
            await _quietly(pubsub.aclose())

    def _future(self, group: str) -> asyncio.Future:
        future = self.confirmed.get(group)
        if future is None:
            future = self.confirmed[group] = self.loop.create_future()
        return future

    async def _subscribe(self, groups: list[str]) -> bool:
        if self.down:
            # Retry at once; the reader subscribes every registered group then,
            # or cancels these waits if Redis is still unreachable.
            self.retry_now.set()
        new = [g for g in groups if g not in self.confirmed]
        waits = [self._future(g) for g in groups]
        if new and self.pubsub is not None:
            try:
                await self.pubsub.subscribe(*(self.prefix + g for g in new))
            except Exception as exc:
                # The reader notices the broken connection and subscribes anew.
                logger.warning("screens hub could not subscribe: %r", exc)
                for group in new:
                    future = self.confirmed.pop(group, None)
                    if future is not None and not future.done():
                        future.cancel()
                return False
        if all(f.done() and not f.cancelled() for f in waits):
            return True
        await asyncio.wait(waits, timeout=SUBSCRIBE_WAIT)
        return all(f.done() and not f.cancelled() for f in waits)

    async def _unsubscribe(self, groups: list[str]) -> None:
        groups = [g for g in groups if g not in self.groups]  # nobody came back
        if groups and self.pubsub is not None:
            try:
                await self.pubsub.unsubscribe(*(self.prefix + g for g in groups))
            except Exception as exc:
                logger.debug("screens hub could not unsubscribe: %r", exc)

    async def aclose(self) -> None:
        self.closed = True
        if self.reader is not None:
            self.reader.cancel()
            await asyncio.gather(self.reader, return_exceptions=True)
        for client in (self.pub_client, self.sub_client):
            if client is not None:
                await _quietly(client.aclose())
        self.pub_client = self.sub_client = None


async def _quietly(awaitable) -> None:
    try:
        await awaitable
    except Exception as exc:
        logger.debug("screens hub clean-up: %r", exc)


def encode_payload(text: str, feedback_id: int) -> str:
    return f"{feedback_id or 0} {text}"


def decode_payload(data: str) -> tuple[str, int]:
    head, _sep, text = data.partition(" ")
    try:
        return text, int(head)
    except ValueError:
        return data, 0


# --- the hubs of this process -----------------------------------------------------
_hubs: dict[asyncio.AbstractEventLoop, Hub] = {}


def get_hub() -> Hub:
    """The hub of the running event loop (created on first use)."""
    loop = asyncio.get_running_loop()
    cfg = config()
    hub = _hubs.get(loop)
    if hub is None or hub.config != cfg:
        if hub is not None:  # settings changed under a running loop (tests)
            old = hub
            loop.create_task(old.aclose())
        for other in [lp for lp in _hubs if lp.is_closed()]:
            del _hubs[other]
        hub = _hubs[loop] = Hub(loop, cfg)
    return hub


def deliver_local(groups, text: str, feedback_id: int) -> None:
    """Hand a broadcast to every hub in this process (any thread, any loop)."""
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    for loop, hub in list(_hubs.items()):
        if hub.url is not None or hub.closed:
            continue
        for group in groups:
            if group not in hub.groups:
                continue
            if loop is running:
                hub.post(group, text, feedback_id)
            elif not loop.is_closed():
                try:
                    loop.call_soon_threadsafe(hub.post, group, text, feedback_id)
                except RuntimeError:  # closed meanwhile
                    pass


_sync_client: redis.Redis | None = None


def publish_sync(groups, text: str, feedback_id: int) -> None:
    """Publish from synchronous code (no event loop needed)."""
    global _sync_client
    _mode, url, prefix = config()
    if url is None:
        deliver_local(groups, text, feedback_id)
        return
    client = _sync_client
    if client is None:
        client = _sync_client = redis.Redis.from_url(
            url,
            socket_timeout=PUBLISH_TIMEOUT,
            socket_connect_timeout=PUBLISH_TIMEOUT,
            retry=Retry(NoBackoff(), 1),
        )
    payload = encode_payload(text, feedback_id)
    for group in groups:
        client.publish(prefix + group, payload)


async def publish(groups, text: str, feedback_id: int) -> None:
    await get_hub().publish(list(groups), text, feedback_id)


def group_sizes() -> dict[str, int]:
    """Local members per group over every hub of this process (diagnostics, tests)."""
    sizes: dict[str, int] = {}
    for hub in list(_hubs.values()):
        for group, members in hub.groups.items():
            sizes[group] = sizes.get(group, 0) + len(members)
    return sizes
