"""The Redis side of a hub: publishing, one subscription per group, its reader.

Each hub holds ONE pub/sub connection with a subscription per group that has
local members, read by a single task. The reader waits for messages without a
timeout, reconnects with backoff and subscribes again to every group it needs.
"""

from __future__ import annotations

import asyncio
import logging
import time

from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import NoBackoff

from core.redis_conf import async_client
from realtime.hub.configuration import (
    BACKOFF_FIRST,
    BACKOFF_MAX,
    MAX_BATCH,
    PUBLISH_TIMEOUT,
    SUBSCRIBE_WAIT,
)
from realtime.hub.registry import deliver_local

logger = logging.getLogger(__name__)

# A channel every reader subscribes to, so its connection is never idle-unsubscribed.
CONTROL = "_hub"


def encode_payload(text: str, seq: int, published: float | None = None) -> str:
    """`seq text`, or `seq@published text` with the publish time (epoch seconds)."""
    if published is None:
        return f"{seq or 0} {text}"
    return f"{seq or 0}@{published:.6f} {text}"


def decode_published(data: str) -> tuple[str, int, float | None]:
    """(text, seq, publish time or None) from a payload."""
    head, _sep, text = data.partition(" ")
    number, _at, published = head.partition("@")
    try:
        return text, int(number), float(published) if published else None
    except ValueError:
        return data, 0, None


def decode_payload(data: str) -> tuple[str, int]:
    text, seq, _published = decode_published(data)
    return text, seq


async def quietly(awaitable) -> None:
    try:
        await awaitable
    except Exception as exc:
        logger.debug("screens hub clean-up: %r", exc)


class RedisLink:
    """Publishing and subscribing for a `Hub` (see there for the attributes).

    Kept apart from the registry and delivery in `core` so each reads on its
    own; `Hub` is the only class that mixes it in.
    """

    async def publish(self, groups, text: str, seq: int) -> None:
        if self.url is None:
            deliver_local(groups, text, seq)
            return
        if self.pub_client is None:
            self.pub_client = async_client(
                self.url,
                socket_timeout=PUBLISH_TIMEOUT,
                socket_connect_timeout=PUBLISH_TIMEOUT,
                # Once more on a fresh connection (after a Redis restart), then
                # fail fast: the request must not wait on a broadcast.
                retry=AsyncRetry(NoBackoff(), 1),
            )
        payload = encode_payload(text, seq, time.time())
        for group in groups:
            await self.pub_client.publish(self.prefix + group, payload)

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
            text, seq, published = decode_published(message["data"])
            self.timing.note(text, published)
            # Broadcasts already read from Redis go out together once the reader
            # waits for more, or, under a burst, when the burst window since the
            # last write ends: a burst is written to each socket in few goes.
            self.pending.append((group, text, seq))
            if len(self.pending) >= MAX_BATCH:
                self._flush()
            elif not self.flush_scheduled:
                self.flush_scheduled = True
                if hold := self.hold_for():
                    self.loop.call_later(hold, self._flush)
                else:
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
            self.sub_client = async_client(
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
            await quietly(pubsub.aclose())
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
            await quietly(pubsub.aclose())

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
