"""Baseline for bench/fanout.py: the textbook Channels fan-out, nothing else.

Same settings, same HTTP app and ingest API as production; only the push differs:
`group_send` of a dict on the default layer, and every consumer `send_json`s it.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_app = get_asgi_application()

from asgiref.sync import async_to_sync  # noqa: E402
from channels.generic.websocket import AsyncJsonWebsocketConsumer  # noqa: E402
from channels.layers import get_channel_layer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from core.machine import machine_api_or  # noqa: E402
from realtime import broadcast  # noqa: E402

GROUP = "baseline.all"


class BaselineConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        await self.channel_layer.group_add(GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code) -> None:
        await self.channel_layer.group_discard(GROUP, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def feedback_message(self, event: dict) -> None:
        await self.send_json({"type": "feedback", "item": event["item"]})


async def plain_send_now(groups, message: dict) -> None:
    if message.get("type") == "feedback":
        await get_channel_layer().group_send(
            GROUP, {"type": "feedback.message", "item": message["item"]}
        )


def plain_send_now_sync(groups, message: dict) -> None:
    async_to_sync(plain_send_now)(groups, message)


broadcast.send_now = plain_send_now
broadcast.send_now_sync = plain_send_now_sync

application = ProtocolTypeRouter(
    {
        "http": machine_api_or(django_app),
        "websocket": URLRouter([path("ws/baseline/", BaselineConsumer.as_asgi())]),
    }
)
