"""Sending without a task per socket."""

from __future__ import annotations

import asyncio


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
