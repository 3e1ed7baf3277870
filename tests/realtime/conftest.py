"""Fixtures for feedback, screens and their websocket."""

import shutil
from collections.abc import Callable

import pytest

from realtime import consumers, latest, services
from tests.conftest import need
from tests.factories import LocationFactory
from tests.realtime.servers import free_port, start_redis, stop


@pytest.fixture(autouse=True)
def _fresh_realtime_state():
    """Per-process realtime state must not leak from one test into the next."""
    latest.forget_local()
    services.feedback_source_forget()
    consumers.last_seen.pending.clear()
    yield
    latest.forget_local()
    services.feedback_source_forget()


@pytest.fixture
def source_token(db) -> tuple:
    return services.feedback_source_create(name="webcare-tool")


@pytest.fixture
def make_screen(db) -> Callable:
    def make(slug: str = "lobby", location=None, **kwargs):
        return services.screen_create(
            slug=slug, name=slug.title(), location=location, **kwargs
        )

    return make


@pytest.fixture
def rotterdam(db):
    return LocationFactory(name="Rotterdam HQ", slug="rotterdam")


@pytest.fixture
def utrecht(db):
    return LocationFactory(name="Utrecht", slug="utrecht")


@pytest.fixture(params=["local", "redis"])
def fanout(request, settings) -> str:
    """The screens' hub on its own (in-process) and over a real Redis."""
    settings.SCREENS_FANOUT = "hub"
    if request.param == "redis":
        request.getfixturevalue("redis_channel_layers")
    return request.param


@pytest.fixture
def private_redis(settings):
    """A Redis of our own that the test may stop and start again: (state, port),
    `state["process"]` the running redis-server."""
    if not shutil.which("redis-server"):
        need("redis-server")
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    hosts = [{"address": url, "socket_timeout": None}]
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": hosts},
        },
        "screens": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": hosts},
        },
    }
    state = {"process": start_redis(port)}
    yield state, port
    stop(state["process"])
