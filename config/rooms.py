"""Boegbeeld's own settings, room by room: screens, suggestions, content sources,
sharing. `config.settings` takes them all in, so each is still `settings.X`; the
environment (and a `.env` file) has been read by then.
"""

import environ

from config.redis import REDIS_URL  # REDIS_URL or the sentinels it is built from

env = environ.Env()

# --- realtime ---
# SCREENS_FANOUT "hub" (default): screens bypass the layer's per-socket machinery.
# Each worker keeps its connected screens by group and holds one Redis pub/sub
# subscription per group (on the screens layer's Redis address); a broadcast is
# published once per group and written to every local socket as is. Without a
# Redis layer it fans out inside the process. "layer": through the channel layer.
SCREENS_FANOUT = env.str("SCREENS_FANOUT", default="hub")
# Redis pub/sub channel names of the hub: prefix + database number + group.
SCREENS_HUB_PREFIX = env.str("SCREENS_HUB_PREFIX", default="boegbeeld.screens:")
# Per feedback source, per window of REALTIME_FEEDBACK_RATE_WINDOW seconds.
REALTIME_FEEDBACK_RATE_LIMIT = env.int("FEEDBACK_RATE_LIMIT", default=600)
REALTIME_FEEDBACK_RATE_WINDOW = 60
REALTIME_FEEDBACK_MAX_BYTES = 64 * 1024
# Guideline checks (`/api/v1/guidelines/check`) per user per window of seconds.
GUIDELINES_CHECK_RATE_LIMIT = env.int("GUIDELINES_CHECK_RATE_LIMIT", default=120)
GUIDELINES_CHECK_RATE_WINDOW = 60

# --- suggestions ---
# Points an accepted story suggestion earns (comms staff may change it per accept).
BOEGBEELD_SUGGESTION_POINTS = env.int("BOEGBEELD_SUGGESTION_POINTS", default=25)
# At most this many suggestions per employee in any 24 hours.
BOEGBEELD_SUGGESTION_DAILY_LIMIT = env.int(
    "BOEGBEELD_SUGGESTION_DAILY_LIMIT", default=20
)
# Content sources (feeds polled by the worker): limits on what is fetched. Hosts
# inside private networks are refused unless listed here as "host:port".
BOEGBEELD_SOURCES_MAX_BYTES = 5 * 1024 * 1024
BOEGBEELD_SOURCES_TIMEOUT_SECONDS = 15
BOEGBEELD_SOURCES_PRIVATE_ALLOWED = env.list(
    "BOEGBEELD_SOURCES_PRIVATE_ALLOWED", default=[]
)
BOEGBEELD_SOURCES_ENTRIES_PER_CHECK = 20
# A sitemap's new pages are each fetched to read their title and summary.
BOEGBEELD_SOURCES_PAGES_PER_CHECK = 5
BOEGBEELD_SUGGESTION_IMAGE_MAX_BYTES = 5 * 1024 * 1024
BOEGBEELD_SUGGESTION_IMAGE_MAX_PIXELS = 40_000_000

# --- sharing ---
# Where click counts wait before they reach the database: "redis" (one round trip
# per click, flushed by `manage.py flush_clicks`) or "db" (written directly).
# Default: Redis when REDIS_URL is set.
BOEGBEELD_CLICK_BUFFER = env.str(
    "BOEGBEELD_CLICK_BUFFER", default="redis" if REDIS_URL else "db"
)
BOEGBEELD_CLICK_REDIS_URL = env.str("BOEGBEELD_CLICK_REDIS_URL", default=REDIS_URL)
BOEGBEELD_CLICK_REDIS_PREFIX = env.str(
    "BOEGBEELD_CLICK_REDIS_PREFIX", default="boeg:clicks:"
)
# With Redis Sentinel, a click counts in the buffer once a replica has it too
# (WAIT, in the same round trip), so a fail-over loses none. A click no replica
# acknowledged within this many milliseconds is written to the database instead.
BOEGBEELD_CLICK_REPLICA_WAIT_MS = env.int(
    "BOEGBEELD_CLICK_REPLICA_WAIT_MS", default=100
)
# Resolved tracked links are kept in memory this long (0: look up every time).
BOEGBEELD_LINK_CACHE_SECONDS = env.int("BOEGBEELD_LINK_CACHE_SECONDS", default=30)
# Pages that show clicks flush the buffer and refresh today's rollup at most this
# often (seconds), so figures are fresh without a scheduler. 0 turns it off.
BOEGBEELD_ANALYTICS_REFRESH_SECONDS = env.int(
    "BOEGBEELD_ANALYTICS_REFRESH_SECONDS", default=60
)


__all__ = [name for name in dir() if name.isupper() and name != "REDIS_URL"]
