"""A circuit breaker for Redis: one failure, then leave it alone for a while.

With Redis down every command fails fast on "connection refused", but a Redis
that does not answer at all (a host gone, a full network) costs a timeout per
command, several per request. So after a failure each process stops asking for
`BOEGBEELD_REDIS_RETRY_SECONDS`; the first call after that tries again. The
outage is logged once when it starts and once when it ends, not per call.
"""

from __future__ import annotations

import logging
import threading
import time

import redis
from django.conf import settings

logger = logging.getLogger(__name__)

# What "Redis is unreachable" looks like (BusyLoadingError, a Redis still loading
# its data after a restart, is a ConnectionError). Other Redis errors are bugs.
REDIS_DOWN: tuple[type[Exception], ...] = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)


class Breaker:
    """Whether to ask Redis now, for one use of it (the cache, the click buffer).

    State is per process and shared by its threads; nothing here does I/O.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._failed_at = float("-inf")
        self.down = False

    def closed(self) -> bool:
        """True when Redis may be asked (up, or time to try again)."""
        waited = time.monotonic() - self._failed_at
        return waited >= settings.BOEGBEELD_REDIS_RETRY_SECONDS

    def failed(self, exc: BaseException) -> None:
        """Redis did not answer: stop asking for a while; log if it was up."""
        with self._lock:
            self._failed_at = time.monotonic()
            was_down, self.down = self.down, True
        if not was_down:
            logger.warning(
                "%s: Redis unreachable (%s: %s); working without it, trying again "
                "every %s s",
                self.name,
                type(exc).__name__,
                exc,
                settings.BOEGBEELD_REDIS_RETRY_SECONDS,
            )

    def succeeded(self) -> bool:
        """Redis answered. True only for the first answer after an outage."""
        if not self.down:
            return False
        with self._lock:
            was_down, self.down = self.down, False
            self._failed_at = float("-inf")
        if was_down:
            logger.warning("%s: Redis answers again", self.name)
        return was_down

    def reset(self) -> None:
        """Forget any outage (tests; settings changed)."""
        with self._lock:
            self._failed_at = float("-inf")
            self.down = False
