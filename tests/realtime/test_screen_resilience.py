"""Screens across worker processes and through a Redis restart."""

import asyncio
import json

import pytest
import requests
import websockets
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from realtime import services
from realtime.layers import screens_layer_alias
from tests.conftest import database_is_postgres, need
from tests.realtime.helpers import (
    create_screen,
    database_url,
    ingest,
    receive,
    receive_until,
    screen_communicator,
)
from tests.realtime.servers import free_port, start_redis, start_uvicorn, stop

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flush_channel_layer"),
]


@pytest.fixture
def two_workers(redis_url):
    """Two uvicorn processes sharing the test database and the Redis layers."""
    if not database_is_postgres():
        need("Postgres (DATABASE_URL) so that worker processes share the test DB")
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
    }
    ports = [free_port(), free_port()]
    processes = []
    try:
        for port in ports:
            processes.append(start_uvicorn(port, env))
        yield ports
    finally:
        for process in processes:
            stop(process)


async def _feedback_ids(ws, within: float) -> list[int]:
    """The ids of the feedback messages a socket receives within `within` s."""
    ids = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while (left := deadline - loop.time()) > 0:
        try:
            message = json.loads(await asyncio.wait_for(ws.recv(), left))
        except TimeoutError:
            break
        if message["type"] == "feedback":
            ids.append(message["item"]["id"])
    return ids


async def test_item_ingested_on_one_worker_reaches_screen_on_the_other(two_workers):
    port_a, port_b = two_workers
    _screen, token = await create_screen(slug="lobby")
    _other, token_a = await create_screen(slug="canteen")
    _source, api_token = await database_sync_to_async(services.feedback_source_create)(
        name="webcare"
    )
    url = f"ws://127.0.0.1:{port_b}/ws/screens/lobby/?token={token}"
    url_a = f"ws://127.0.0.1:{port_a}/ws/screens/canteen/?token={token_a}"
    async with (
        websockets.connect(url, origin=f"http://127.0.0.1:{port_b}") as ws,
        websockets.connect(url_a, origin=f"http://127.0.0.1:{port_a}") as ws_a,
    ):
        snapshot = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert snapshot["type"] == "snapshot"
        assert json.loads(await asyncio.wait_for(ws_a.recv(), 5))["type"] == "snapshot"
        response = await asyncio.to_thread(
            requests.post,
            f"http://127.0.0.1:{port_a}/api/v1/feedback",
            json={"text": "Via worker A", "rating": 5, "external_id": "mw-1"},
            headers={"Authorization": f"Bearer {api_token}"},
            timeout=10,
        )
        assert response.status_code == 201
        feedback_id = response.json()["id"]

        async def next_feedback() -> dict:
            while True:
                message = json.loads(await ws.recv())
                if message["type"] == "feedback":
                    return message

        message = await asyncio.wait_for(next_feedback(), 5)
        assert message["item"]["id"] == feedback_id
        assert message["item"]["text"] == "Via worker A"
        # Each process got the broadcast once: no screen sees it twice.
        assert await _feedback_ids(ws, 0.5) == []
        assert await _feedback_ids(ws_a, 1.0) == [feedback_id]


async def test_worker_closes_bad_token_with_4401(two_workers):
    await create_screen(slug="lobby")
    url = f"ws://127.0.0.1:{two_workers[0]}/ws/screens/lobby/?token=nope"
    async with websockets.connect(
        url, origin=f"http://127.0.0.1:{two_workers[0]}"
    ) as ws:
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 5)
    assert closed.value.rcvd.code == 4401


async def test_items_approved_while_redis_is_down_arrive(private_redis):
    state, port = private_redis
    _screen, token = await create_screen(slug="lobby")
    screen = screen_communicator("lobby", token)
    assert (await screen.connect())[0]
    assert (await receive(screen))["items"] == []

    stop(state["process"])
    result = await ingest(text="Terwijl Redis plat lag", rating=5)
    assert result.created  # the write never depends on the push

    # Even with Redis still down, the screen's next heartbeat brings the item ...
    await screen.send_json_to({"type": "ping"})
    assert (await receive_until(screen, "feedback"))["item"]["id"] == result.feedback.pk
    assert (await receive(screen))["type"] == "synced"
    assert (await receive(screen)) == {"type": "pong"}
    state["process"] = start_redis(port)
    await screen.disconnect()

    # ... and a screen that reconnects gets it through `hello`.
    again = screen_communicator("lobby", token)
    assert (await again.connect())[0]
    await receive(again)
    await again.send_json_to({"type": "hello", "since": 0})
    assert (await receive_until(again, "feedback"))["item"]["id"] == result.feedback.pk

    # New pushes flow through the restarted Redis to a fresh connection.
    later = await ingest(text="Na de herstart", rating=5)
    assert (await receive_until(again, "feedback"))["item"]["id"] == later.feedback.pk
    await again.disconnect()
    await get_channel_layer(screens_layer_alias()).flush()
