"""Pushes that arrive out of order or late cost a screen's heartbeat no database."""

import json
import threading

import pytest
from channels.db import database_sync_to_async
from django.db.backends.utils import CursorWrapper

from realtime import broadcast, hub, latest, services
from realtime.consumers import screen as screen_consumer
from realtime.consumers.screen import ScreenConsumer
from tests.realtime.helpers import (
    connect_screen,
    create_screen,
    ingest,
    ping,
    receive,
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flush_channel_layer"),
]


@pytest.fixture
def queries(monkeypatch) -> list[str]:
    """SQL statements on realtime's tables, from any thread."""
    statements, lock = [], threading.Lock()
    real_execute = CursorWrapper.execute

    def execute(cursor, sql, params=None):
        if "realtime_" in sql:
            with lock:
                statements.append(sql)
        return real_execute(cursor, sql, params)

    monkeypatch.setattr(CursorWrapper, "execute", execute)
    return statements


@pytest.fixture
def quiet_heartbeats(monkeypatch):
    """No periodic re-sync and no last-seen batch due during the test."""
    monkeypatch.setattr(screen_consumer, "RESYNC_EVERY", 10**9)
    monkeypatch.setattr(screen_consumer.last_seen, "take_if_due", lambda now: None)


@pytest.fixture
def held_pushes(monkeypatch) -> list:
    """Pushes kept back instead of sent: (groups, message) each, to send later."""
    held = []
    monkeypatch.setattr(
        broadcast,
        "send_now_sync",
        lambda groups, message: held.append((groups, message)),
    )
    return held


async def release(held: list, order) -> None:
    for index in order:
        groups, message = held[index]
        await broadcast.send_now(groups, message)


def test_numbers_beyond_a_gap_count_once_it_fills():
    ahead = set()
    assert hub.next_synced(3, [5, 6], ahead) == 3  # 4 missing: a gap
    assert ahead == {5, 6}
    assert hub.next_synced(3, [4], ahead) == 6
    assert ahead == set()
    # A jump (a catch-up from the database) drops what it covers.
    ahead = {8, 12}
    assert hub.next_synced(10, [], ahead) == 10
    assert ahead == {12}
    # Without a set: the order-only rule, as before.
    assert hub.next_synced(3, [5, 4]) == 4


def test_numbers_kept_beyond_a_gap_are_bounded():
    ahead = set()
    hub.next_synced(0, range(2, 2 + 10 * hub.configuration.MAX_AHEAD), ahead)
    assert len(ahead) == hub.configuration.MAX_AHEAD


async def test_pushes_out_of_order_need_no_database_on_next_ping(
    queries, quiet_heartbeats, held_pushes
):
    _s, token = await create_screen(slug="lobby")
    communicator = await connect_screen("lobby", token)
    await ping(communicator)  # reads the marker
    first = await ingest(text="Eerste", rating=5)
    second = await ingest(text="Tweede", rating=5)
    assert len(held_pushes) == 2
    await release(held_pushes, [1, 0])  # the later change arrives first
    received = [json.loads(await communicator.receive_from(timeout=3)) for _ in "ab"]
    assert [m["item"]["id"] for m in received] == [
        second.feedback.pk,
        first.feedback.pk,
    ]
    queries.clear()
    assert await ping(communicator) == []
    assert queries == []
    await communicator.disconnect()


@pytest.mark.parametrize("copy", ["fresh", "stale"])
async def test_push_in_flight_at_a_heartbeat_is_not_replayed(
    monkeypatch, queries, quiet_heartbeats, held_pushes, copy
):
    monkeypatch.setattr(latest, "MAX_AGE", 3600)  # this process' copy stays fresh
    _s, token = await create_screen(slug="lobby")
    communicator = await connect_screen("lobby", token)
    await ingest(text="Al binnen", rating=5)
    await release(held_pushes, [0])
    assert (await receive(communicator))["type"] == "feedback"
    await ping(communicator)  # reads the marker
    result = await ingest(text="Onderweg", rating=5)
    fresh, marker = latest.peek()
    assert fresh and marker == held_pushes[1][1]["seq"]  # up; the push not sent
    if copy == "stale":  # this process must read the marker from the cache
        latest.forget_local()
    queries.clear()
    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_nothing(timeout=0.2)  # waiting for the push
    await release(held_pushes, [1])
    pushed = await receive(communicator)
    assert pushed["item"]["id"] == result.feedback.pk
    assert await receive(communicator) == {"type": "pong"}
    assert queries == []
    await communicator.disconnect()


async def test_push_lost_is_still_replayed_by_the_heartbeat(
    quiet_heartbeats, held_pushes
):
    _s, token = await create_screen(slug="lobby")
    communicator = await connect_screen("lobby", token)
    await ping(communicator)
    result = await ingest(text="Kwijtgeraakt", rating=5)
    replayed = await ping(communicator)  # after waiting for it in vain
    assert [m["item"]["id"] for m in replayed] == [result.feedback.pk]
    await communicator.disconnect()


async def test_screen_sockets_carry_no_session_or_user(monkeypatch):
    scopes = []
    real_connect = ScreenConsumer.connect

    async def spy(self):
        scopes.append(self.scope)
        await real_connect(self)

    monkeypatch.setattr(ScreenConsumer, "connect", spy)
    _s, token = await create_screen(slug="lobby")
    communicator = await connect_screen("lobby", token)
    assert "session" not in scopes[0] and "user" not in scopes[0]
    await communicator.disconnect()


async def test_screen_whose_handler_fails_leaves_the_hub(monkeypatch, quiet_heartbeats):
    _s, token = await create_screen(slug="lobby")
    communicator = await connect_screen("lobby", token)
    assert hub.group_sizes()

    async def fail(self):
        raise RuntimeError("Unexpected ASGI message after sending 'websocket.close'")

    monkeypatch.setattr(ScreenConsumer, "_on_ping", fail)
    await communicator.send_json_to({"type": "ping"})
    with pytest.raises(RuntimeError):
        await communicator.wait(timeout=3)
    assert hub.group_sizes() == {}


async def test_screen_revoked_while_its_heartbeat_waits_gets_nothing_more(
    monkeypatch, quiet_heartbeats, held_pushes
):
    monkeypatch.setattr(latest, "MAX_AGE", 3600)
    screen, token = await create_screen(slug="lobby")
    communicator = await connect_screen("lobby", token)
    await ingest(text="Al binnen", rating=5)
    await release(held_pushes, [0])
    assert (await receive(communicator))["type"] == "feedback"
    await ping(communicator)  # reads the marker
    await ingest(text="Onderweg", rating=5)  # its push held back
    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_nothing(timeout=0.2)  # waiting for the push
    await database_sync_to_async(services.screen_token_rotate)(screen=screen)
    await release(held_pushes, [2])  # the revoke, not the item
    closed = await communicator.receive_output(timeout=3)
    assert closed == {"type": "websocket.close", "code": 4401}
    assert await communicator.receive_nothing(timeout=1.5)  # no replay, no pong
    await communicator.disconnect()
