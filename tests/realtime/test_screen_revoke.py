"""Revoking a screen closes its open sockets at once, through the whole ASGI app."""

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.test import Client
from django.urls import reverse

from realtime import services
from realtime.layers import screens_layer_alias
from realtime.models import Screen
from tests.factories import UserFactory
from tests.realtime.helpers import (
    create_screen,
    ingest,
    receive,
    receive_until,
    screen_communicator,
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flush_channel_layer"),
]


@pytest.fixture(params=["hub-local", "hub-redis", "layer-redis"])
async def fanout_mode(request, settings):
    """The fan-out hub in one process and over Redis, and the Redis channel layer."""
    mode, _sep, where = request.param.partition("-")
    settings.SCREENS_FANOUT = mode
    if where == "redis":
        request.getfixturevalue("redis_channel_layers")
    layer = get_channel_layer(screens_layer_alias())
    await layer.flush()
    yield request.param
    await layer.flush()


def _admin_client() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _deactivate_in_admin(screen: Screen) -> None:
    data = {
        "name": screen.name,
        "slug": screen.slug,
        "language": screen.language,
        "theme": screen.theme,
        "rotation_seconds": str(screen.rotation_seconds),
        "show_feedback": "on",
        # "active" left out: the box is unticked
    }
    url = reverse("admin:realtime_screen_change", args=[screen.pk])
    assert _admin_client().post(url, data).status_code == 302
    assert not Screen.objects.get(pk=screen.pk).active


def _rotate_token(screen: Screen) -> None:
    services.screen_token_rotate(screen=screen)


def _delete_in_admin(screen: Screen) -> None:
    url = reverse("admin:realtime_screen_delete", args=[screen.pk])
    assert _admin_client().post(url, {"post": "yes"}).status_code == 302
    assert not Screen.objects.filter(pk=screen.pk).exists()


async def _connected(slug: str, token: str):
    communicator = screen_communicator(slug, token)
    assert (await communicator.connect())[0]
    assert (await receive(communicator))["type"] == "snapshot"
    return communicator


async def _assert_revoked(revoke, code: int) -> None:
    screen, token = await create_screen(slug="lobby")
    _other, other_token = await create_screen(slug="canteen")
    revoked = await _connected("lobby", token)
    other = await _connected("canteen", other_token)

    await database_sync_to_async(revoke)(screen)

    closed = await revoked.receive_output(timeout=3)
    assert closed == {"type": "websocket.close", "code": code}
    # Nothing reaches the revoked socket after that: no push, no replay.
    item = await ingest(text="Na het intrekken", rating=5)
    await revoked.send_json_to({"type": "hello", "since": 0})
    await revoked.send_json_to({"type": "ping"})
    assert (await receive_until(other, "feedback"))["item"]["id"] == item.feedback.pk
    assert await revoked.receive_nothing(timeout=0.5)
    await revoked.disconnect()
    await other.disconnect()


async def test_screen_deactivated_in_admin_is_closed_4403(fanout_mode):
    await _assert_revoked(_deactivate_in_admin, 4403)


async def test_screen_token_rotation_closes_the_old_socket_4401(fanout_mode):
    await _assert_revoked(_rotate_token, 4401)


async def test_screen_deleted_in_admin_is_closed_4403(fanout_mode):
    await _assert_revoked(_delete_in_admin, 4403)


async def test_screen_revoked_screen_cannot_reconnect(fanout_mode):
    screen, token = await create_screen(slug="lobby")
    await database_sync_to_async(_rotate_token)(screen)
    communicator = screen_communicator("lobby", token)
    await communicator.connect()
    assert (await communicator.receive_output(timeout=2))["code"] == 4401
    await communicator.disconnect()
