"""Helpers for websocket tests: a screen's communicator and bounded receives."""

import asyncio
import json

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from realtime import services

ORIGIN = (b"origin", b"http://localhost")

create_screen = database_sync_to_async(
    lambda name="Lobby", **kw: services.screen_create(name=name, **kw)
)
ingest = database_sync_to_async(services.feedback_ingest)


def screen_communicator(slug: str, token: str) -> WebsocketCommunicator:
    from config.asgi import application

    return WebsocketCommunicator(
        application, f"/ws/screens/{slug}/?token={token}", headers=[ORIGIN]
    )


async def receive(communicator: WebsocketCommunicator, timeout: float = 3) -> dict:
    return json.loads(await communicator.receive_from(timeout=timeout))


async def receive_until(
    communicator: WebsocketCommunicator, kind: str, timeout: float = 5
) -> dict:
    """The next message of type `kind`, skipping others, within `timeout`."""

    async def wait() -> dict:
        while True:
            message = await receive(communicator, timeout=timeout)
            if message["type"] == kind:
                return message

    return await asyncio.wait_for(wait(), timeout)
