"""Publishing a broadcast to every screen in its groups, from async or sync code."""

from __future__ import annotations

import time

import redis
from django.core.signals import setting_changed
from redis.backoff import NoBackoff
from redis.retry import Retry

from core.redis_conf import sync_client
from realtime.hub import configuration
from realtime.hub.configuration import PUBLISH_TIMEOUT
from realtime.hub.core import get_hub
from realtime.hub.redis_link import encode_payload
from realtime.hub.registry import deliver_local

_sync_client: redis.Redis | None = None


def publish_sync(groups, text: str, seq: int) -> None:
    """Publish from synchronous code (no event loop needed)."""
    global _sync_client
    _mode, url, prefix = configuration.config()
    if url is None:
        deliver_local(groups, text, seq)
        return
    client = _sync_client
    if client is None:
        client = _sync_client = sync_client(
            url,
            socket_timeout=PUBLISH_TIMEOUT,
            socket_connect_timeout=PUBLISH_TIMEOUT,
            retry=Retry(NoBackoff(), 1),
        )
    payload = encode_payload(text, seq, time.time())
    for group in groups:
        client.publish(prefix + group, payload)


async def publish(groups, text: str, seq: int) -> None:
    await get_hub().publish(list(groups), text, seq)


def _settings_changed(setting: str, **kwargs) -> None:
    global _sync_client
    if setting in configuration.SETTINGS:
        _sync_client = None


setting_changed.connect(_settings_changed)
