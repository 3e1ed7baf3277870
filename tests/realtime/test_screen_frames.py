"""Broadcast frames written straight to uvicorn's sockets, built once per broadcast.

These tests run uvicorn in the test's own event loop, so the hub the screen
consumers register with is the one the test inspects.
"""

import asyncio
import contextlib
import json
import socket
from asyncio import FIRST_COMPLETED

import pytest
import uvicorn
import websockets
from uvicorn.protocols.websockets.websockets_sansio_impl import (
    WebSocketsSansIOProtocol,
)
from websockets.frames import Frame, Opcode

from realtime import broadcast, events, hub
from realtime.hub import configuration, frames
from tests.realtime.helpers import create_screen, ingest

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flush_channel_layer"),
]


async def serve(*, compression: bool):
    """uvicorn with the app on a free port, on this event loop; (server, task, port)."""
    from config.asgi import application

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(
        application,
        host="127.0.0.1",
        port=port,
        lifespan="off",
        log_level="warning",
        ws_per_message_deflate=compression,
    )
    started = asyncio.Event()

    class Server(uvicorn.Server):
        async def startup(self, sockets=None) -> None:
            await super().startup(sockets=sockets)
            started.set()

    server = Server(config)
    task = asyncio.create_task(server.serve())
    waiting = asyncio.ensure_future(started.wait())
    await asyncio.wait({task, waiting}, timeout=10, return_when=FIRST_COMPLETED)
    waiting.cancel()
    if not server.started:
        task.cancel()
        raise RuntimeError("uvicorn did not start")
    return server, task, port


async def stop(server, task) -> None:
    server.should_exit = True
    await asyncio.wait_for(task, 10)


async def open_screen(port: int, slug: str, token: str, **kwargs):
    ws = await websockets.connect(
        f"ws://127.0.0.1:{port}/ws/screens/{slug}/?token={token}",
        origin=f"http://127.0.0.1:{port}",
        **kwargs,
    )
    assert json.loads(await asyncio.wait_for(ws.recv(), 5))["type"] == "snapshot"
    return ws


async def next_of_type(ws, kind: str) -> dict:
    async def wait() -> dict:
        while True:
            message = json.loads(await ws.recv())
            if message["type"] == kind:
                return message

    return await asyncio.wait_for(wait(), 5)


def local_screens() -> set:
    return hub.get_hub().members(broadcast.ALL_SCREENS)


async def test_one_frame_per_broadcast_written_to_every_socket(fanout, monkeypatch):
    built = []
    real_text_frame = frames.text_frame

    def counting_text_frame(text: str) -> bytes:
        built.append(text)
        return real_text_frame(text)

    monkeypatch.setattr(frames, "text_frame", counting_text_frame)
    server, task, port = await serve(compression=False)
    sockets = []
    try:
        for i in range(3):
            _screen, token = await create_screen(slug=f"f{i}")
            sockets.append(await open_screen(port, f"f{i}", token, compression=None))
        consumers = local_screens()
        assert len(consumers) == 3
        for consumer in consumers:
            assert isinstance(consumer.hub_connection, WebSocketsSansIOProtocol)

        result = await ingest(text='Snel geholpen <b>"echt"</b> 👍', rating=5)
        for ws in sockets:
            message = await next_of_type(ws, "feedback")
            assert message["item"]["id"] == result.feedback.pk
            assert message["item"]["text"] == 'Snel geholpen "echt" 👍'
        # Encoded and framed once for the three screens.
        assert len(built) == 1
        # The connection still works both ways after frames written around it.
        await sockets[0].send('{"type":"ping"}')
        assert (await next_of_type(sockets[0], "pong"))["type"] == "pong"
    finally:
        for ws in sockets:
            await ws.close()
        await stop(server, task)
    assert local_screens() == set()


async def test_compressed_connections_get_the_asgi_send(fanout, monkeypatch):
    """With permessage-deflate negotiated a raw frame would be wrong: no shortcut."""
    monkeypatch.setattr(frames, "text_frame", None)  # would fail if called
    server, task, port = await serve(compression=True)
    try:
        _screen, token = await create_screen(slug="deflate")
        ws = await open_screen(port, "deflate", token, compression="deflate")
        (consumer,) = local_screens()
        assert consumer.hub_connection is None

        result = await ingest(text="Gecomprimeerd en toch heel", rating=5)
        message = await next_of_type(ws, "feedback")
        assert message["item"]["id"] == result.feedback.pk
        await ws.close()
    finally:
        await stop(server, task)


class CountingTransport:
    """A socket's transport that keeps what is written to it."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.real = connection.transport
        self.writes: list[bytes] = []
        connection.transport = self

    def write(self, data: bytes) -> None:
        self.writes.append(data)
        self.real.write(data)

    def restore(self) -> None:
        self.connection.transport = self.real

    def __getattr__(self, name: str):
        return getattr(self.real, name)


@contextlib.asynccontextmanager
async def counted_screen(slug: str):
    """A screen on a live uvicorn whose socket writes are counted:
    (its websocket, its consumer, the counting transport)."""
    server, task, port = await serve(compression=False)
    try:
        _screen, token = await create_screen(slug=slug)
        ws = await open_screen(port, slug, token, compression=None)
        (consumer,) = local_screens()
        counting = CountingTransport(consumer.hub_connection)
        yield ws, consumer, counting
        counting.restore()
        await ws.close()
    finally:
        await stop(server, task)


def feedback_text(item_id: int) -> str:
    return events.encode(
        {"type": "feedback", "item": {"id": item_id, "text": f"#{item_id}"}}
    )


async def test_broadcasts_read_together_go_out_in_one_write(fanout):  # noqa: ARG001
    async with counted_screen("burst") as (ws, consumer, counting):
        the_hub = hub.get_hub()
        ids = [1001, 1002, 1003, 1004, 1005]
        for seq, item_id in enumerate(ids, start=1):
            text = feedback_text(item_id)
            if the_hub.url is None:  # in-process layer
                hub.deliver_local([broadcast.ALL_SCREENS], text, seq)
            else:  # as the Redis reader hands them over when read in one go
                the_hub._handle(
                    {
                        "type": "message",
                        "channel": the_hub.prefix + broadcast.ALL_SCREENS,
                        "data": hub.encode_payload(text, seq),
                    }
                )
        received = [(await next_of_type(ws, "feedback"))["item"]["id"] for _ in ids]
        assert received == ids
        assert len(counting.writes) == 1
        # Numbered one after another: the screen has every change up to the last.
        assert consumer.synced_seq == 5  # the snapshot was at 0


async def test_a_burst_goes_out_in_few_writes_a_lone_item_at_once(
    fanout,  # noqa: ARG001
    monkeypatch,
):
    """Broadcasts arriving within the burst window of the last write wait for
    its end and go out together; one after a quiet spell is not held back."""
    window = 0.5
    monkeypatch.setattr(configuration, "BURST_WINDOW", window)
    async with counted_screen("burst") as (ws, consumer, counting):
        the_hub = hub.get_hub()
        loop = asyncio.get_running_loop()

        async def publish(item_id: int) -> None:
            await hub.publish([broadcast.ALL_SCREENS], feedback_text(item_id), item_id)

        async def received(item_id: int) -> float:
            message = await next_of_type(ws, "feedback")
            assert message["item"]["id"] == item_id
            return loop.time()

        # Quiet so far: the first item is written as soon as it arrives.
        sent = loop.time()
        await publish(1)
        assert await received(1) - sent < window
        assert len(counting.writes) == 1
        # Four more right after it: held until the window ends, then one write.
        for item_id in (2, 3, 4, 5):
            await publish(item_id)
        assert [await received(i) for i in (2, 3, 4, 5)][-1] - sent >= window
        assert len(counting.writes) == 2
        assert counting.writes[1].count(b'"type":"feedback"') == 4
        assert consumer.synced_seq == 5

        # Quiet again (the window since the last write is over): at once.
        while the_hub.hold_for():
            await asyncio.sleep(the_hub.hold_for())
        sent = loop.time()
        await publish(6)
        assert await received(6) - sent < window
        assert len(counting.writes) == 3


def test_text_frame_is_a_final_unmasked_text_frame():
    text = "é" * 70_000  # needs the 64-bit length form
    frame = frames.text_frame(text)
    assert frame[0] == 0x81  # FIN + text
    assert frame[1] == 127  # no mask bit, 64-bit length follows
    parsed = Frame(Opcode.TEXT, frame[10:])
    assert parsed.data.decode() == text
    assert int.from_bytes(frame[2:10], "big") == len(text.encode())
