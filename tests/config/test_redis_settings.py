"""The Redis settings from the environment: plain or Sentinel, read in one place."""

import json

from tests.config.test_settings import load_settings

PROBE = """
import json
import django
django.setup()
from django.conf import settings
from realtime.hub import config
print(json.dumps({
    "url": settings.REDIS_URL,
    "cache": settings.CACHES["default"]["LOCATION"],
    "hosts": [
        layer["CONFIG"]["hosts"] for layer in settings.CHANNEL_LAYERS.values()
    ],
    "clicks": [settings.BOEGBEELD_CLICK_BUFFER, settings.BOEGBEELD_CLICK_REDIS_URL],
    "hub": config(),
}))
"""
SENTINEL_URL = "redis+sentinel://10.0.0.1:26379,10.0.0.2:26380/boeg/0"


def test_sentinel_environment_reaches_every_redis_user():
    result = load_settings(
        PROBE,
        DEBUG="1",
        REDIS_SENTINELS="10.0.0.1:26379,10.0.0.2:26380",
        REDIS_SENTINEL_MASTER="boeg",
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["url"] == found["cache"] == SENTINEL_URL
    entry = {
        "sentinels": [["10.0.0.1", 26379], ["10.0.0.2", 26380]],
        "master_name": "boeg",
        "sentinel_kwargs": {"socket_timeout": 1.0, "socket_connect_timeout": 1.0},
        "db": 0,
        "socket_timeout": None,
    }
    assert found["hosts"] == [[entry], [entry]]  # the core and the screens' layer
    assert found["clicks"] == ["redis", SENTINEL_URL]
    assert found["hub"] == ["hub", SENTINEL_URL, "boegbeeld.screens:0:"]


def test_sentinel_url_and_sentinel_list_together_are_refused():
    result = load_settings(
        PROBE,
        DEBUG="1",
        REDIS_URL="redis://127.0.0.1:6379/0",
        REDIS_SENTINELS="10.0.0.1:26379",
        REDIS_SENTINEL_MASTER="boeg",
    )
    assert result.returncode != 0
    assert "not both" in result.stderr
