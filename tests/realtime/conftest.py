"""Fixtures for feedback, screens and their websocket."""

from collections.abc import Callable

import pytest

from realtime import consumers, latest, services
from tests.factories import LocationFactory


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
