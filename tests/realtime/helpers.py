"""Helpers for websocket tests: a screen's communicator and bounded receives."""

import asyncio
import json

from channels.testing import WebsocketCommunicator

ORIGIN = (b"origin", b"http://localhost")


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
