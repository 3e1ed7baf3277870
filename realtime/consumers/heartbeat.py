"""The blocking side of screen heartbeats: last-seen batches and the catch-up check."""

import logging
import time

from channels.db import database_sync_to_async

from realtime import latest, selectors, services

logger = logging.getLogger(__name__)


class LastSeenBatch:
    """Screens that sent a heartbeat, written to the database in one UPDATE.

    Per worker process. The screens page calls a screen offline after
    `views.screen_controls.OFFLINE_AFTER` (60 s) without a heartbeat; heartbeats
    arrive every 25 s and a batch is written at most FLUSH_SECONDS later, so
    `last_seen_at` is never more than ~45 s old for a live screen.
    """

    FLUSH_SECONDS = 20.0

    def __init__(self) -> None:
        self.pending: set[int] = set()
        self.flushed_at = time.monotonic()

    def add(self, screen_id: int) -> None:
        self.pending.add(screen_id)

    def take_if_due(self, now: float) -> set[int] | None:
        """The ids to write now, or None when the batch is not due yet."""
        if not self.pending or now - self.flushed_at < self.FLUSH_SECONDS:
            return None
        ids, self.pending, self.flushed_at = self.pending, set(), now
        return ids


last_seen = LastSeenBatch()


@database_sync_to_async
def heartbeat_check(
    location_id: int | None, synced: int, force: bool, seen_ids
) -> tuple[list, int]:
    """The blocking part of a heartbeat: (changes missed, synced up to), one hop.

    Asks the database only when the marker is above `synced` (every change up
    to it is on the screen) or when forced.
    """
    if seen_ids:
        try:
            services.screens_seen(screen_ids=seen_ids)
        except Exception:
            logger.warning("could not record %d screens as seen", len(seen_ids))
    marker = latest.read()
    if marker is None:
        # Unknown (cache flushed or unreachable): seed it, then check anyway.
        marker = selectors.change_seq_current()
        latest.mark_changed(marker)
        force = True
    if force or marker > synced:
        return selectors.changes_since(
            location_id=location_id, seq=synced, committed=marker
        )
    return [], synced
