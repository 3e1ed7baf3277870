"""The hubs of this process, one per event loop, and local delivery between them."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from realtime.hub.core import Hub

hubs: dict[asyncio.AbstractEventLoop, Hub] = {}


def deliver_local(groups, text: str, seq: int) -> None:
    """Hand a broadcast to every hub in this process (any thread, any loop)."""
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    published = time.time()
    for loop, hub in list(hubs.items()):
        if hub.url is not None or hub.closed:
            continue
        for group in groups:
            if group not in hub.groups:
                continue
            hub.timing.note(text, published)
            if loop is running:
                hub.post(group, text, seq)
            elif not loop.is_closed():
                try:
                    loop.call_soon_threadsafe(hub.post, group, text, seq)
                except RuntimeError:  # closed meanwhile
                    pass


def group_sizes() -> dict[str, int]:
    """Local members per group over every hub of this process (diagnostics, tests)."""
    sizes: dict[str, int] = {}
    for hub in list(hubs.values()):
        for group, members in hub.groups.items():
            sizes[group] = sizes.get(group, 0) + len(members)
    return sizes
