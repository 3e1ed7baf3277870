"""When the broadcasts a hub is about to write were published, for the metrics.

The publish time (epoch seconds, taken right after the change's transaction
committed) travels with the broadcast: in the Redis payload's head, or handed
over in the process. The hub notes it by the broadcast's text and, once the
batch carrying it is written, reports frames and latency to `core.metrics`:
one latency per broadcast per process (the first batch that carried it).
"""

from __future__ import annotations

import time

from core import metrics

# Broadcasts noted but never written (their screens left) are forgotten in bulk.
LIMIT = 4096


class PublishTimes:
    __slots__ = ("times",)

    def __init__(self) -> None:
        self.times: dict[str, float] = {}

    def note(self, text: str, published: float | None) -> None:
        if published is None:
            return
        if len(self.times) >= LIMIT:
            self.times.clear()
        self.times.setdefault(text, published)

    def delivered(self, batch: list, frames: int) -> None:
        """`batch` ((group, text, seq), ...) was written: `frames` frames in all."""
        pop = self.times.pop  # `note` may run on another thread: no check-then-pop
        published = [at for item in batch if (at := pop(item[1], None)) is not None]
        metrics.screen_pushes_delivered(frames, published, time.time())
