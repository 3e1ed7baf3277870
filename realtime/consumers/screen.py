"""A wall screen's websocket: authenticate, accept, join groups, one handler each."""

import asyncio
import json
import logging
import random
import time
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer

from core import metrics
from realtime import broadcast, events, hub, latest
from realtime.consumers import screen_reads as reads
from realtime.consumers.heartbeat import heartbeat_check, last_seen
from realtime.layers import screens_layer_alias

logger = logging.getLogger(__name__)

# Close code for a bad or revoked screen token (4000-4999 are application codes);
# a screen switched off or deleted while connected is closed with 4403
# (`services.screen_revoke`).
CLOSE_UNAUTHORISED = 4401
MAX_CLIENT_FRAME = 4096


def _query_token(scope: dict) -> str:
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return (query.get("token") or [""])[0]


def _user_agent(scope: dict) -> str:
    for name, value in scope.get("headers", []):
        if name == b"user-agent":
            return value.decode("latin-1")[:300]
    return ""


def _count(value) -> int | None:
    """A non-negative integer from a client message, else None."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


# Every RESYNC_EVERY-th heartbeat (about every 5 minutes at the screens' 25 s)
# a screen re-joins its groups and replays from the database whatever the
# marker says.
# Re-joining: the core Redis layer forgets a group member after `group_expiry`
# (86400 s by default), so a socket open for days must re-add itself well within
# that; the pub/sub layer and the fan-out hub keep membership in this process
# and subscribe again after a reconnect, so for them it is a cheap safety net.
# A join that fails (layer down) is retried on the very next heartbeat instead.
# The database check covers an approval whose push *and* marker write were both
# lost (Redis unreachable for a moment), so nothing stays missing for longer.
RESYNC_EVERY = 12
# How long a heartbeat that finds the screen behind the marker waits for pushes
# still on their way before it replays from the database (polled in steps).
SETTLE_SECONDS = 1.0
SETTLE_STEP = 0.05
# A layer alias that is never configured: consumers fed by the hub get no layer.
NO_LAYER = "screens.hub"


# Close tasks started by the hub, kept referenced until done.
_revoke_tasks: set[asyncio.Task] = set()


class ScreenConsumer(AsyncWebsocketConsumer):
    """One wall screen. Everything it shows can be rebuilt from the database.

    The token is checked before the socket is accepted. A close before accept
    reaches a browser as an HTTP 403 it cannot read, so a bad token is accepted
    and closed at once with code 4401, which the screen page can act on.

    Every change a screen shows has a sequence number (`services.changes`);
    `synced_seq` is the number up to which this socket got every change. A
    push extends it only when it is the very next number, so a lost push (or
    one for another location) leaves it behind the `latest` marker and the
    next heartbeat replays from the database. A heartbeat costs no query while
    nothing changed; `last_seen_at` is written in per-process batches.
    """

    screen_id: int | None = None
    location_id: int | None = None
    synced_seq = 0
    # Change numbers received beyond a gap in `synced_seq` (`hub.next_synced`).
    seq_ahead: set | None = None
    beats = 0
    joined = False
    groups: list[str] = []
    # With the fan-out hub: the hub this screen is registered with, broadcasts held
    # back while its snapshot is on its way (None once live), and sends still
    # waiting on a full socket buffer.
    fanout_hub: hub.Hub | None = None
    hub_backlog: list | None = None
    hub_inflight = 0
    # The server connection the hub writes broadcast frames to itself, if any.
    hub_connection = None
    # The close code once this screen was revoked: it then gets nothing more.
    revoked: int | None = None
    # The office this screen is counted under in the metrics while connected.
    counted_office: str | None = None

    @property
    def channel_layer_alias(self) -> str:
        if hub.enabled():
            # The hub delivers broadcasts: no channel, no receive loop per socket.
            return NO_LAYER
        return screens_layer_alias()

    async def __call__(self, scope, receive, send) -> None:
        if self.channel_layer_alias != NO_LAYER:
            await super().__call__(scope, receive, send)
            return
        # Fed by the hub, a screen has only its socket to read: read it in this
        # task. Channels' loop would wait on a second task per socket (and
        # replace it after every message) for a channel it never has.
        self.scope = scope
        self.channel_layer = None
        self.base_send = send
        try:
            while True:
                await self.dispatch(await receive())
        except StopConsumer:
            pass
        finally:
            # Whatever ended this socket (a send after the server closed it on
            # a missed keepalive raises), the hub must not keep it.
            self._leave_hub()

    async def dispatch(self, message: dict) -> None:
        # Channels runs `close_old_connections()` through a thread hop before
        # every handler, so that handlers using the ORM directly never hold a
        # stale connection. Here every database call goes through
        # `database_sync_to_async`, which does that itself on the thread that
        # uses the connection; the extra hop per pushed message per socket,
        # serialised on one thread, was the largest cost of a fan-out.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        slug = self.scope["url_route"]["kwargs"]["slug"]
        screen = await reads.authenticate(slug, _query_token(self.scope))
        if screen is None:
            await self.accept()
            await self.close(code=CLOSE_UNAUTHORISED)
            return
        self.screen_id = screen.pk
        self.location_id = screen.location_id
        office = screen.location.slug if screen.location_id else ""
        # Heartbeats re-sync at different moments on screens that connected
        # together (after a deploy, every screen reconnects within seconds).
        self.beats = random.randrange(RESYNC_EVERY)  # noqa: S311 - not security
        # Join before reading the snapshot: an item approved in between arrives
        # twice (screens de-duplicate by id) instead of not at all.
        self.groups = broadcast.screen_groups(
            screen_id=self.screen_id, location_id=self.location_id
        )
        if self.channel_layer is None:
            # Broadcasts arriving before the snapshot wait in the backlog: the
            # snapshot is always the first message.
            self.fanout_hub = hub.get_hub()
            self.hub_backlog = []
        try:
            await self._join_groups()
            await self.accept()
            if self.fanout_hub is not None:
                self.hub_connection = hub.direct_connection(self.scope)
            snapshot, seq = await reads.snapshot(
                self.screen_id, self.location_id, _user_agent(self.scope)
            )
            self.seq_ahead = set()
            self.synced_seq = hub.next_synced(seq, (), self.seq_ahead)
            await self.send(text_data=events.encode(snapshot))
            await self._go_live()
        except BaseException:
            self._leave_hub()
            raise
        self.counted_office = office
        metrics.screen_connected(office)
        if self.revoked is not None:  # revoked while the snapshot was on its way
            await self._close_revoked()

    async def _go_live(self) -> None:
        """Send what the hub held back during the snapshot, then take it live."""
        backlog = self.hub_backlog
        while backlog:
            text, seq = backlog.pop(0)
            self.synced_seq = hub.next_synced(self.synced_seq, (seq,), self.seq_ahead)
            await self.send(text_data=text)
            metrics.screen_pushes_delivered(1, [], 0.0)
        # No await between the empty check and this: nothing slips in between.
        self.hub_backlog = None

    def hub_revoke(self, code: int) -> None:
        """The hub's call when this screen is revoked: stop at once, then close.

        Leaving the hub right away means no broadcast after the revoke reaches
        the socket; the close itself is sent by a task (the hub is not async).
        """
        if self.revoked is not None:
            return
        self.revoked = code
        self._leave_hub()
        if self.hub_backlog is None:  # else `connect` closes after the snapshot
            task = asyncio.get_running_loop().create_task(self._close_revoked())
            _revoke_tasks.add(task)
            task.add_done_callback(_revoke_tasks.discard)
        else:
            self.hub_backlog.clear()

    async def _revoke(self, code: int) -> None:
        """The layer's way: leave the groups, then close."""
        if self.revoked is not None:
            return
        self.revoked = code
        await self._leave_layer_groups()
        await self._close_revoked()

    async def _close_revoked(self) -> None:
        self.screen_id = None  # `receive` ignores pings and hellos from now on
        await self.close(code=self.revoked)

    async def _join_groups(self) -> None:
        # With the layer down (Redis restarting) the screen keeps working on
        # heartbeat catch-up from the database; joining is retried next ping.
        # The hub keeps its members whatever Redis does and subscribes again
        # once Redis is back; `joined` then says whether Redis confirmed.
        try:
            if self.fanout_hub is not None:
                self.joined = await self.fanout_hub.join(self, self.groups)
                return
            for group in self.groups:
                await self.channel_layer.group_add(group, self.channel_name)
        except Exception:
            self.joined = False
            logger.warning("screen %s could not join its groups", self.screen_id)
        else:
            self.joined = True

    def _leave_hub(self) -> None:
        self.hub_connection = None
        if self.fanout_hub is not None:
            self.fanout_hub.leave(self, self.groups)
            self.fanout_hub = None

    async def websocket_disconnect(self, message: dict) -> None:
        if self.counted_office is not None:
            metrics.screen_disconnected(self.counted_office)
            self.counted_office = None
        if self.fanout_hub is not None:
            self._leave_hub()
        else:
            await self._leave_layer_groups()
        self.groups = []
        await super().websocket_disconnect(message)

    async def _leave_layer_groups(self) -> None:
        if self.channel_layer is None:
            return
        groups, self.groups = self.groups, []
        try:
            for group in groups:
                await self.channel_layer.group_discard(group, self.channel_name)
        except Exception:
            logger.warning("screen %s could not leave its groups", self.screen_id)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        if (
            self.screen_id is None
            or self.revoked is not None
            or not text_data
            or len(text_data) > MAX_CLIENT_FRAME
        ):
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            return
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind == "ping":
            await self._on_ping()
        elif kind == "hello":
            seq = _count(content.get("seq"))
            if seq is not None:
                await self._on_hello_seq(seq)
                return
            since = _count(content.get("since"))
            if since is not None:
                await self._on_hello(since)

    async def _on_ping(self) -> None:
        self.beats += 1
        resync = self.beats % RESYNC_EVERY == 0
        if resync or not self.joined:
            await self._join_groups()
        now = time.monotonic()
        last_seen.add(self.screen_id)
        seen_ids = last_seen.take_if_due(now)
        fresh, marker = latest.peek(now)
        if not fresh and not resync and not seen_ids:
            # This process' copy is old: read the marker (the cache, no query),
            # so that changes still in flight are waited for, not replayed.
            marker = await reads.read_marker()
        behind = marker is None or marker > self.synced_seq
        if behind and marker is not None and not resync and not seen_ids:
            behind = await self._still_behind(marker)
            if self.revoked is not None:  # closed meanwhile: nothing more to send
                return
        if resync or seen_ids or behind:
            messages, upto = await heartbeat_check(
                self.location_id, self.synced_seq, resync, seen_ids
            )
            await self._catch_up(messages, upto)
        await self.send(text_data='{"type":"pong"}')

    async def _still_behind(self, marker: int) -> bool:
        """Whether this screen is still behind `marker` once pushes in flight landed.

        The marker is raised when a change commits, its push arrives a moment
        later: a heartbeat in between must not replay from the database what is
        on its way (under a stream of changes, nearly every heartbeat would).
        """
        deadline = time.monotonic() + SETTLE_SECONDS
        while self.synced_seq < marker:
            if time.monotonic() >= deadline or self.revoked is not None:
                return True
            await asyncio.sleep(SETTLE_STEP)
        return False

    async def _on_hello(self, since: int) -> None:
        """The id-based catch-up of screens that know no sequence numbers."""
        for feedback in await reads.missed(self.location_id, since):
            await self.send(text_data=events.encode(events.feedback_message(feedback)))
            metrics.screen_replays_delivered(1)

    async def _on_hello_seq(self, seq: int) -> None:
        """Replay every change above the screen's `seq`, whatever was lost."""
        messages, upto = await reads.changes(self.location_id, seq)
        if seq > self.synced_seq:
            # Claims more than this socket had: replay what it asked, vouch for
            # nothing beyond what the socket itself got.
            upto = self.synced_seq
        await self._catch_up(messages, upto, always=True)

    async def _catch_up(self, messages: list, upto: int, always: bool = False) -> None:
        """Send replayed changes, then say how far the screen now is."""
        for message in messages:
            await self.send(text_data=events.encode(message))
        metrics.screen_replays_delivered(len(messages))
        if upto > self.synced_seq or messages or always:
            synced = max(self.synced_seq, upto)
            self.synced_seq = hub.next_synced(synced, (), self.seq_ahead)
            message = events.synced_message(self.synced_seq)
            await self.send(text_data=events.encode(message))

    async def screen_push(self, event: dict) -> None:
        """A broadcast: already-encoded JSON, forwarded as is (a revoke closes)."""
        if self.revoked is not None:
            return
        code = events.revoke_code(event["text"])
        if code is not None:
            await self._revoke(code)
            return
        seq = event.get("seq")
        if seq:
            self.synced_seq = hub.next_synced(self.synced_seq, (seq,), self.seq_ahead)
        await self.send(text_data=event["text"])
        metrics.screen_pushes_delivered(1, [], 0.0)
