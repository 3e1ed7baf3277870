"""Prometheus metrics: every metric of the site is defined here, once.

Apps record through the small functions below (one call where the thing
happens) and never touch `prometheus_client` themselves. Figures that live in
shared state (the click buffer in Redis, the worker's job runs in the
database) are not counted but read when Prometheus scrapes, by collectors the
owning app adds with `collector_add` (in its `AppConfig.ready`).

Several ASGI workers: with `PROMETHEUS_MULTIPROC_DIR` set (before the process
starts), each process writes its counters to files in that directory and
`GET /metrics` (`core.metrics_view`) adds them up, whichever worker answers.
Without it the process keeps them in memory (one worker).
"""

from __future__ import annotations

import os

from prometheus_client import REGISTRY, Counter, Gauge, Histogram

# In multiprocess mode every process (management commands too) writes its files
# there from the first metric on: a directory not made yet must not stop it.
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)

# Screens of no particular location (they show feedback from everywhere).
EVERY_OFFICE = "(all)"

SCREENS_CONNECTED = Gauge(
    "boegbeeld_screens_connected",
    "Wall screens with an open websocket, by office (the screen's location "
    f"slug; {EVERY_OFFICE} for screens of every location).",
    ["office"],
    # The sum over the worker processes alive now: a worker that stopped takes
    # its screens with it.
    multiprocess_mode="livesum",
)
SCREEN_DELIVERIES = Counter(
    "boegbeeld_screen_deliveries",
    "Changes written to screen sockets: 'push' as broadcast live, 'replay' "
    "caught up from the database (after a drop, on hello or heartbeat).",
    ["kind"],
)
SCREEN_DELIVERY_SECONDS = Histogram(
    "boegbeeld_screen_delivery_seconds",
    "Seconds from a change's broadcast being published (right after its "
    "transaction committed) until a worker wrote it to every one of its "
    "screens; one observation per broadcast per worker with screens for it.",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
FEEDBACK_REQUESTS = Counter(
    "boegbeeld_feedback_requests",
    "Requests to POST /api/v1/feedback by outcome: accepted (stored), "
    "duplicate (external_id seen before), invalid (refused input), "
    "unauthorised (bad token), rate_limited, unavailable (a service down), "
    "error (a fault of ours).",
    ["outcome"],
)
TRACKED_LINK_REDIRECTS = Counter(
    "boegbeeld_tracked_link_redirects",
    "Tracked links (/s/<code>) redirected to their story, by visitor: human "
    "(a click, counted for the figures) or bot (link previews and crawlers).",
    ["visitor"],
)

FEEDBACK_OUTCOMES = frozenset(
    {
        "accepted",
        "duplicate",
        "invalid",
        "unauthorised",
        "rate_limited",
        "unavailable",
        "error",
    }
)

# Collectors read at scrape time (see `collector_add`).
_collectors: list = []


def multiprocess() -> bool:
    """True when the counters of several processes are added up (set at start)."""
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


# --- recording (one call each, where the thing happens) ---------------------------
def screen_connected(office: str) -> None:
    SCREENS_CONNECTED.labels(office or EVERY_OFFICE).inc()


def screen_disconnected(office: str) -> None:
    SCREENS_CONNECTED.labels(office or EVERY_OFFICE).dec()


def screen_pushes_delivered(count: int, published: list[float], now: float) -> None:
    """`count` frames written; each broadcast's publish time (epoch seconds)."""
    if count:
        SCREEN_DELIVERIES.labels("push").inc(count)
    for at in published:
        SCREEN_DELIVERY_SECONDS.observe(max(0.0, now - at))


def screen_replays_delivered(count: int) -> None:
    if count:
        SCREEN_DELIVERIES.labels("replay").inc(count)


def feedback_counted(outcome: str) -> None:
    if outcome not in FEEDBACK_OUTCOMES:
        raise ValueError(f"unknown feedback outcome {outcome!r}")
    FEEDBACK_REQUESTS.labels(outcome).inc()


def redirect_counted(bot: bool) -> None:
    """A tracked link answered with its redirect (call once per redirect)."""
    TRACKED_LINK_REDIRECTS.labels("bot" if bot else "human").inc()


# --- figures read at scrape time --------------------------------------------------
def collector_add(collector) -> None:
    """Read `collector` on every scrape (a prometheus_client custom collector).

    It must answer fast and never raise for a service that is down (leave the
    figure out instead), and define `describe()` so that adding it reads nothing.
    """
    if collector in _collectors:
        return
    _collectors.append(collector)
    if not multiprocess():
        REGISTRY.register(collector)


def scrape_collectors() -> list:
    return list(_collectors)
