"""The per-loop hub: the screen consumers on one event loop, by group."""

from __future__ import annotations

import asyncio
import logging
from collections import deque

from realtime.events import revoke_code
from realtime.hub import configuration, frames, registry
from realtime.hub.configuration import MAX_AHEAD, MAX_BATCH, MAX_INFLIGHT, config
from realtime.hub.eager import start_eagerly
from realtime.hub.redis_link import RedisLink, quietly
from realtime.hub.timing import PublishTimes

logger = logging.getLogger(__name__)


def next_synced(synced: int, seqs, ahead: set | None = None) -> int:
    """How far a screen that had every change up to `synced` is after these.

    Only a change numbered right after the last one extends it: a gap may be a
    lost push, which the screen's heartbeat then replays from the database.
    With `ahead` (the screen's own set), numbers beyond a gap are kept there and
    count once the gap fills: changes committed close together are published by
    different threads and workers, and may reach a screen out of order.
    """
    for seq in seqs:
        if seq == synced + 1:
            synced = seq
        elif ahead is not None and seq > synced and len(ahead) < MAX_AHEAD:
            ahead.add(seq)
    if ahead:
        while synced + 1 in ahead:
            synced += 1
        for seq in [s for s in ahead if s <= synced]:
            ahead.discard(seq)
    return synced


class Hub(RedisLink):
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
        self.inbox: deque = deque()  # local mode: (group, text, seq)
        # Redis mode: broadcasts read but not yet written, and whether a write
        # of them is scheduled.
        self.pending: list[tuple[str, str, int]] = []
        self.flush_scheduled = False
        self.last_write = float("-inf")  # loop time of the last `fanout_many`
        self.timing = PublishTimes()  # publish times of broadcasts read (metrics)

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
    def fanout(self, group: str, text: str, seq: int = 0) -> int:
        """Write one broadcast to every local member of `group`; returns the count.

        Consumers still sending their snapshot queue it in their backlog instead.
        """
        return self.fanout_many([(group, text, seq)])

    def fanout_many(self, batch: list[tuple[str, str, int]]) -> int:
        """Write broadcasts, in order, to the local members of their groups.

        A screen due several of them gets one write carrying all their frames:
        under a burst that is one system call per socket instead of one per
        broadcast. Returns the number of sockets written to.
        """
        self.last_write = self.loop.time()
        if len(batch) == 1:
            members = self.groups.get(batch[0][0])
            if not members:
                self.timing.delivered(batch, 0)
                return 0
            plan = dict.fromkeys(members, (0,))
        else:
            # Which broadcasts each screen is due, in order.
            due: dict = {}
            for index, (group, _text, _seq) in enumerate(batch):
                for consumer in self.groups.get(group, ()):
                    indexes = due.get(consumer)
                    if indexes is None:
                        due[consumer] = [index]
                    else:
                        indexes.append(index)
            plan = {consumer: tuple(indexes) for consumer, indexes in due.items()}
        frame_of: dict[int, bytes] = {}
        joined: dict[tuple, bytes] = {}

        def frames_for(indexes: tuple) -> bytes:
            data = joined.get(indexes)
            if data is None:
                for index in indexes:
                    if index not in frame_of:
                        frame_of[index] = frames.text_frame(batch[index][1])
                data = joined[indexes] = b"".join(frame_of[i] for i in indexes)
            return data

        # Revokes are no frames: the screen gets what came before one, then closes.
        revokes = {
            index: code
            for index, (_group, text, _seq) in enumerate(batch)
            if (code := revoke_code(text)) is not None
        }
        sent = written = 0
        for consumer, indexes in plan.items():
            code = None
            if revokes:
                for position, index in enumerate(indexes):
                    if index in revokes:
                        code = revokes[index]
                        indexes = indexes[:position]
                        break
            if indexes and self._deliver(consumer, batch, indexes, frames_for):
                sent += 1
                written += len(indexes)
            if code is not None:
                consumer.hub_revoke(code)
        self.timing.delivered(batch, written)
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
        consumer.synced_seq = next_synced(
            consumer.synced_seq,
            (batch[i][2] for i in indexes),
            getattr(consumer, "seq_ahead", None),
        )
        connection = consumer.hub_connection
        # Sends still waiting go first: then these queue behind them.
        if (
            connection is not None
            and not inflight
            and frames.open_for_writing(connection)
        ):
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

    def post(self, group: str, text: str, seq: int) -> None:
        """Local mode: queue a broadcast for this loop (call on the loop)."""
        self.inbox.append((group, text, seq))
        self.wake.set()

    def hold_for(self) -> float:
        """Seconds to hold broadcasts back so they go out together (see
        `configuration.BURST_WINDOW`); 0 after a quiet spell."""
        return max(0.0, self.last_write + configuration.BURST_WINDOW - self.loop.time())

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
            if hold := self.hold_for():
                await asyncio.sleep(hold)
            while self.inbox:
                batch = [self.inbox.popleft()]
                while self.inbox and len(batch) < MAX_BATCH:
                    batch.append(self.inbox.popleft())
                self.fanout_many(batch)
                await asyncio.sleep(0)  # let sockets and requests in between

    async def aclose(self) -> None:
        self.closed = True
        if self.reader is not None:
            self.reader.cancel()
            await asyncio.gather(self.reader, return_exceptions=True)
        for client in (self.pub_client, self.sub_client):
            if client is not None:
                await quietly(client.aclose())
        self.pub_client = self.sub_client = None


def get_hub() -> Hub:
    """The hub of the running event loop (created on first use)."""
    loop = asyncio.get_running_loop()
    cfg = config()
    hubs = registry.hubs
    hub = hubs.get(loop)
    if hub is None or hub.config != cfg:
        if hub is not None:  # settings changed under a running loop (tests)
            old = hub
            loop.create_task(old.aclose())
        for other in [lp for lp in hubs if lp.is_closed()]:
            del hubs[other]
        hub = hubs[loop] = Hub(loop, cfg)
    return hub
