"""Screens through a Redis outage: the Redis server is killed mid-stream and restarted.

Channel layer, fan-out hub and cache all on a private redis-server, as in
production. While it is down items are approved (an old pending one among them),
shown items are hidden and corrected, and an emergency message is set; every
screen must end with exactly the approved set, whether it reconnects (`hello`
with its `seq`) or stays connected (heartbeat catch-up).
"""

import asyncio
import json
import os
import signal

import pytest
import websockets
from channels.db import database_sync_to_async

from realtime import selectors, services
from realtime.models import Feedback
from tests.conftest import database_is_postgres, need
from tests.factories import FeedbackFactory
from tests.realtime.helpers import (
    ScreenModel,
    create_screen,
    database_url,
    ingest,
    receive,
    screen_communicator,
)
from tests.realtime.servers import free_port, start_redis, start_uvicorn, stop

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

make_feedback = database_sync_to_async(FeedbackFactory)
approve = database_sync_to_async(lambda item: services.feedback_approve(feedback=item))
hide = database_sync_to_async(lambda item: services.feedback_hide(feedback=item))


@database_sync_to_async
def correct(item: Feedback, text: str) -> Feedback:
    return services.feedback_edit(
        feedback=item,
        text=text,
        author=item.author,
        channel=item.channel,
        rating=item.rating,
        location=item.location,
    )


@database_sync_to_async
def approved_for(location_id: int | None) -> dict[int, str]:
    items = selectors.approved_feedback_for(location_id)
    return dict(items.values_list("id", "text"))


@pytest.fixture
def redis_everywhere(private_redis, settings):
    """The private Redis also holds the cache (and with it the `latest` marker)."""
    _state, port = private_redis
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.SharedPoolRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }
    return private_redis


async def open_screen(slug: str, token: str, model: ScreenModel):
    communicator = screen_communicator(slug, token)
    assert (await communicator.connect())[0]
    model.apply(await receive(communicator))
    await communicator.send_json_to(model.hello())
    while (message := await receive(communicator, timeout=10))["type"] != "synced":
        model.apply(message)
    model.apply(message)
    return communicator


async def heartbeat(communicator, model: ScreenModel) -> None:
    """One ping; applies everything received before its pong (pushes included)."""
    await communicator.send_json_to({"type": "ping"})
    while (message := await receive(communicator, timeout=10))["type"] != "pong":
        model.apply(message)


async def test_screens_end_with_exactly_the_approved_set_across_a_redis_outage(
    redis_everywhere, rotterdam, utrecht
):
    state, port = redis_everywhere
    old_pending = await make_feedback(text="Al weken in de wachtrij", status="pending")
    _s, lobby_token = await create_screen(slug="lobby")
    _s, rdam_token = await create_screen(slug="rdam", location=rotterdam)
    lobby, rdam = ScreenModel(), ScreenModel()
    lobby_ws = await open_screen("lobby", lobby_token, lobby)
    rdam_ws = await open_screen("rdam", rdam_token, rdam)
    locations = [None, rotterdam, utrecht]
    waiting = [
        await make_feedback(
            text=f"Wacht {n}", status="pending", location=locations[n % 3]
        )
        for n in range(20)
    ]

    # Before: 20 items arrive through Redis.
    before = [
        (await ingest(text=f"Voor {n}", rating=5, location=locations[n % 3])).feedback
        for n in range(20)
    ]
    await heartbeat(lobby_ws, lobby)
    await heartbeat(rdam_ws, rdam)
    assert before[0].pk in lobby.shown() and before[1].pk in rdam.shown()

    # Redis dies (killed by its PID) ...
    os.kill(state["process"].pid, signal.SIGKILL)
    state["process"].wait(timeout=10)
    for item in waiting:
        await approve(item)
    await approve(old_pending)
    await hide(before[0])  # shown on both screens
    await hide(before[1])
    await correct(before[3], "Verbeterd tijdens de storing")
    await database_sync_to_async(services.emergency_set)(text="Storing voorbij?")
    await heartbeat(rdam_ws, rdam)  # the stayer's heartbeat while Redis is down
    await lobby_ws.disconnect()  # the other screen loses its socket

    # ... and comes back empty (no persistence): marker and subscriptions gone.
    state["process"] = start_redis(port)
    after = [
        (await ingest(text=f"Na {n}", rating=5, location=locations[n % 3])).feedback
        for n in range(20)
    ]
    await hide(after[0])

    lobby_ws = await open_screen("lobby", lobby_token, lobby)
    await heartbeat(lobby_ws, lobby)
    await heartbeat(rdam_ws, rdam)

    expected_all = await approved_for(None)
    expected_rdam = await approved_for(rotterdam.pk)
    assert len(expected_all) == 20 + 20 + 1 + 20 - 3
    assert lobby.shown() == expected_all
    assert rdam.shown() == expected_rdam
    for model in (lobby, rdam):
        assert old_pending.pk in model.shown()
        assert not {before[0].pk, before[1].pk, after[0].pk} & set(model.shown())
        assert [m["text"] for m in model.emergencies.values()] == ["Storing voorbij?"]
    assert lobby.shown()[before[3].pk] == "Verbeterd tijdens de storing"
    await lobby_ws.disconnect()
    await rdam_ws.disconnect()


# --- live: two uvicorn workers, screens on real websockets -------------------------
@pytest.fixture
def workers_on_private_redis(redis_everywhere):
    """Two uvicorn processes sharing the test database and the private Redis.

    On the production settings: the test settings keep each process' cache
    local, and the `latest` marker must be shared by every worker.
    """
    if not database_is_postgres():
        need("Postgres (DATABASE_URL) so that worker processes share the test DB")
    _state, port = redis_everywhere
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "tests-only-secret-key-" + "x" * 40,
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BOEGBEELD_SITE_URL": "https://boegbeeld.example.com",
        "DATABASE_URL": database_url(),
        "REDIS_URL": f"redis://127.0.0.1:{port}/0",
    }
    processes = []
    try:
        for _ in range(2):
            worker_port = free_port()
            processes.append((worker_port, start_uvicorn(worker_port, env)))
        yield [worker_port for worker_port, _process in processes]
    finally:
        for _port, process in processes:
            stop(process)


class LiveScreen:
    """A screen on a real websocket to a worker, applying frames as screen.js does."""

    def __init__(self, port: int, slug: str, token: str) -> None:
        self.url = f"ws://127.0.0.1:{port}/ws/screens/{slug}/?token={token}"
        self.origin = f"http://127.0.0.1:{port}"
        self.model = ScreenModel()
        self.ws = None
        self.log: list[dict] = []  # every frame received, for a failure's report

    async def recv(self) -> dict:
        message = json.loads(await asyncio.wait_for(self.ws.recv(), 10))
        self.log.append(message)
        return message

    async def connect(self) -> None:
        self.ws = await websockets.connect(self.url, origin=self.origin)
        self.model.apply(await self.recv())
        await self.ws.send(json.dumps(self.model.hello()))
        while (message := await self.recv())["type"] != "synced":
            self.model.apply(message)
        self.model.apply(message)

    async def heartbeat(self) -> None:
        await self.ws.send('{"type":"ping"}')
        while (message := await self.recv())["type"] != "pong":
            self.model.apply(message)

    async def close(self) -> None:
        await self.ws.close()


async def test_live_workers_screens_get_every_change_across_a_redis_outage(
    workers_on_private_redis, redis_everywhere, rotterdam
):
    state, redis_port = redis_everywhere
    port_a, port_b = workers_on_private_redis
    old_pending = await make_feedback(text="Oud en goedgekeurd", status="pending")
    _s, lobby_token = await create_screen(slug="lobby")
    _s, rdam_token = await create_screen(slug="rdam", location=rotterdam)
    lobby = LiveScreen(port_a, "lobby", lobby_token)
    rdam = LiveScreen(port_b, "rdam", rdam_token)
    await lobby.connect()
    await rdam.connect()
    shown = [
        (await ingest(text=f"Voor {n}", rating=5, location=rotterdam)).feedback
        for n in range(5)
    ]

    os.kill(state["process"].pid, signal.SIGKILL)
    state["process"].wait(timeout=10)
    await approve(old_pending)
    await hide(shown[0])
    await correct(shown[1], "Verbeterd")
    await lobby.close()
    await rdam.heartbeat()

    state["process"] = start_redis(redis_port)
    after = (await ingest(text="Na de storing", rating=5)).feedback
    await lobby.connect()
    await rdam.heartbeat()
    for screen in (lobby, rdam):
        await screen.heartbeat()
        location_id = rotterdam.pk if screen is rdam else None
        assert screen.model.shown() == await approved_for(location_id), screen.log
        assert {old_pending.pk, after.pk} <= set(screen.model.shown())
        assert shown[0].pk not in screen.model.shown()
        assert screen.model.shown()[shown[1].pk] == "Verbeterd"
        await screen.close()
