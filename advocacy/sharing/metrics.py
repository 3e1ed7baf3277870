"""The click buffer's depth for Prometheus, read from Redis at scrape time."""

from __future__ import annotations

import logging

from prometheus_client.core import GaugeMetricFamily

from advocacy.sharing import clicks
from core.breaker import REDIS_DOWN

logger = logging.getLogger(__name__)

NAME = "boegbeeld_click_buffer_pending"
HELP = (
    "Clicks on tracked links waiting in the Redis buffer for the next flush "
    "(left out while Redis is unreachable; 0 without a Redis buffer)."
)


class ClickBufferCollector:
    """`clicks_pending()` behind the click buffer's circuit breaker.

    While the breaker is open (Redis failed a moment ago) nothing is asked and
    the figure is left out, so a scrape never waits on a Redis that is down;
    otherwise one short attempt (the buffer's 2 s timeouts) at most.
    """

    def describe(self):
        return [GaugeMetricFamily(NAME, HELP)]

    def collect(self):
        if clicks.buffer_kind() == "redis" and not clicks.buffer_breaker.closed():
            return []
        try:
            pending = clicks.clicks_pending()
        except REDIS_DOWN as exc:
            clicks.buffer_breaker.failed(exc)
            return []
        return [GaugeMetricFamily(NAME, HELP, value=pending)]
