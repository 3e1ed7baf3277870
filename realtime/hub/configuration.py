"""Whether screens use the hub, the Redis and channel names it uses, its limits."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.signals import setting_changed

from core.redis_conf import database_of, url_of_layer_host
from realtime.layers import screens_layer_alias

logger = logging.getLogger(__name__)

HUB = "hub"
LAYER = "layer"
# Sends still waiting on one slow socket before further broadcasts skip it (the
# screen then catches up from the database on its next heartbeat).
MAX_INFLIGHT = 100
# Most change numbers a screen keeps that arrived beyond a gap (`next_synced`).
MAX_AHEAD = 256
# Most broadcasts written to the sockets together (see `Hub.fanout_many`).
MAX_BATCH = 64
# Shortest time between two writes of broadcasts to the sockets. A broadcast
# after a quiet spell goes out at once; under a burst, what arrives within this
# time of the last write waits for it and goes out with the others in one write
# per socket: at 200 items/s four or five per write instead of one, which saves
# a system call per socket each (the cost that bounds a burst), at no more
# delay than this.
BURST_WINDOW = 0.05
# How long a joining screen waits for Redis to confirm its subscriptions.
SUBSCRIBE_WAIT = 2.0
PUBLISH_TIMEOUT = 2.0
BACKOFF_FIRST = 0.2
BACKOFF_MAX = 5.0
# The settings `config()` is read from; changing one (tests) reads it anew.
SETTINGS = frozenset({"CHANNEL_LAYERS", "SCREENS_FANOUT", "SCREENS_HUB_PREFIX"})

_config: tuple[str, str | None, str] | None = None


def _resolve() -> tuple[str, str | None, str]:
    """(mode, Redis URL or None, channel prefix) from the settings. The URL may
    name sentinels (`core.redis_conf`): the hub then follows the primary."""
    mode = settings.SCREENS_FANOUT
    config = settings.CHANNEL_LAYERS.get(screens_layer_alias(), {})
    backend = str(config.get("BACKEND", ""))
    url = None
    if not backend.startswith("channels_redis.") and not backend.endswith(
        ".InMemoryChannelLayer"
    ):
        # Another layer may span processes, which the hub could not follow.
        return LAYER, None, ""
    if backend.startswith("channels_redis."):
        hosts = config.get("CONFIG", {}).get("hosts") or ["redis://localhost:6379"]
        url = url_of_layer_host(hosts[0])
        if url is None:
            # A hub without Redis would only reach the screens of the publishing
            # process, so keep to the layer there.
            logger.warning(
                "screens hub: unsupported Redis host %r, using the layer", hosts[0]
            )
            return LAYER, None, ""
    prefix = settings.SCREENS_HUB_PREFIX
    if url:
        # Pub/sub ignores the database number: keep databases apart by name.
        prefix = f"{prefix}{database_of(url)}:"
    return mode, url, prefix


def config() -> tuple[str, str | None, str]:
    global _config
    if _config is None:
        _config = _resolve()
    return _config


def enabled() -> bool:
    return config()[0] == HUB


def _settings_changed(setting: str, **kwargs) -> None:
    global _config
    if setting in SETTINGS:
        _config = None


setting_changed.connect(_settings_changed)
