"""Screens through a Redis Sentinel fail-over, on live ASGI workers.

Two uvicorn workers run the production settings on a `redis+sentinel://` URL
(channel layers, cache, screens hub), as does this process, which approves the
feedback. The primary is killed by its PID; every item approved before, during
and after the fail-over must end up on every screen: pushed live while a primary
answers (the hubs subscribe again on the new one), caught up by sequence number
on a heartbeat or a reconnect for what was approved while none did.
"""

import asyncio
import json

import pytest
import websockets
from channels.db import database_sync_to_async

from realtime import selectors, services
from tests.conftest import database_is_postgres, need
from tests.core.sentinel_cluster import wait_until
from tests.factories import FeedbackFactory
from tests.realtime.helpers import ScreenModel, create_screen, database_url, ingest
from tests.realtime.servers import free_port, start_uvicorn, stop

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

make_feedback = database_sync_to_async(FeedbackFactory)
approve = database_sync_to_async(lambda item: services.feedback_approve(feedback=item))
hide = database_sync_to_async(lambda item: services.feedback_hide(feedback=item))


@database_sync_to_async
def approved_for(location_id: int | None) -> dict[int, str]:
    return dict(selectors.approved_feedback_for(location_id).values_list("id", "text"))


@pytest.fixture
def workers_on_sentinels(site_on_sentinels, settings):
    """Two uvicorn workers on the sentinels' URL, sharing the test database."""
    if not database_is_postgres():
        need("Postgres (DATABASE_URL) so that worker processes share the test DB")
    settings.SCREENS_FANOUT = "hub"
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "tests-only-secret-key-" + "x" * 40,
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BOEGBEELD_SITE_URL": "https://boegbeeld.example.com",
        "DATABASE_URL": database_url(),
        "REDIS_URL": site_on_sentinels.url(),
        "BOEGBEELD_REDIS_RETRY_SECONDS": "0.5",
    }
    processes = []
    try:
        for _ in range(2):
            port = free_port()
            processes.append((port, start_uvicorn(port, env)))
        yield [port for port, _process in processes]
    finally:
        for _port, process in processes:
            stop(process)


class LiveScreen:
    """A screen on a real websocket, applying frames as screen.js does."""

    def __init__(self, port: int, slug: str, token: str) -> None:
        self.url = f"ws://127.0.0.1:{port}/ws/screens/{slug}/?token={token}"
        self.origin = f"http://127.0.0.1:{port}"
        self.model = ScreenModel()
        self.ws = None
        self.log: list[dict] = []  # every frame received, for a failure's report

    async def recv(self, timeout: float = 10) -> dict:
        message = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
        self.log.append(message)
        return message

    async def connect(self) -> None:
        self.ws = await websockets.connect(self.url, origin=self.origin)
        self.model.apply(await self.recv())
        await self.ws.send(json.dumps(self.model.hello()))
        while (message := await self.recv())["type"] != "synced":
            self.model.apply(message)
        self.model.apply(message)

    async def pushed(self, ids: set[int], timeout: float = 10) -> None:
        """Wait for pushes (no ping sent) until items `ids` are shown."""
        async with asyncio.timeout(timeout):
            while not ids <= set(self.model.shown()):
                self.model.apply(await self.recv(timeout))

    async def heartbeat(self) -> None:
        await self.ws.send('{"type":"ping"}')
        while (message := await self.recv())["type"] != "pong":
            self.model.apply(message)

    async def close(self) -> None:
        await self.ws.close()


def hub_readers_on(cluster, port: int, workers: int) -> bool:
    """Every worker's hub holds its subscription on the server at `port`."""
    from realtime.hub import config

    _mode, _url, prefix = config()
    control = prefix + "_hub"
    return dict(cluster.server(port).pubsub_numsub(control)).get(control) == workers


async def test_screens_get_every_item_across_a_sentinel_failover(
    workers_on_sentinels, site_on_sentinels, rotterdam
):
    cluster = site_on_sentinels
    port_a, port_b = workers_on_sentinels
    _s, lobby_token = await create_screen(slug="lobby")
    _s, rdam_token = await create_screen(slug="rdam", location=rotterdam)
    lobby = LiveScreen(port_a, "lobby", lobby_token)
    rdam = LiveScreen(port_b, "rdam", rdam_token)
    await lobby.connect()
    await rdam.connect()
    waiting = [
        await make_feedback(text=f"Wacht {n}", status="pending", location=rotterdam)
        for n in range(4)
    ]

    # Before: pushed live through the primary.
    before = [
        (await ingest(text=f"Voor {n}", rating=5, location=rotterdam)).feedback
        for n in range(3)
    ]
    ids = {item.pk for item in before}
    await lobby.pushed(ids)
    await rdam.pushed(ids)

    # The primary dies; items are approved (and one hidden) while no primary
    # answers, and one screen loses its socket.
    old = await asyncio.to_thread(cluster.kill_primary)
    for item in waiting[:2]:
        await approve(item)
    await hide(before[0])
    await lobby.close()
    new = await asyncio.to_thread(cluster.wait_for_failover, old)
    for item in waiting[2:]:  # promoted, before the hubs are back
        await approve(item)

    # After: once each worker's hub has subscribed on the new primary, items
    # are pushed live again.
    await asyncio.to_thread(
        wait_until, lambda: hub_readers_on(cluster, new, 2), 20, "hubs on the primary"
    )
    after = [
        (await ingest(text=f"Na {n}", rating=5, location=rotterdam)).feedback
        for n in range(3)
    ]
    await rdam.pushed({item.pk for item in after})

    await lobby.connect()  # hello with its seq: replays what it missed
    for screen in (lobby, rdam):
        await screen.heartbeat()
        location_id = rotterdam.pk if screen is rdam else None
        expected = await approved_for(location_id)
        assert len(expected) == 3 + 4 + 3 - 1
        assert screen.model.shown() == expected, screen.log
        await screen.close()
