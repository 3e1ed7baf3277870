"""Websocket consumers: authenticate, accept, join groups, one handler per type."""

import json
import logging
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import (
    AsyncJsonWebsocketConsumer,
    AsyncWebsocketConsumer,
)

from realtime import broadcast, events, selectors, services, tokens

logger = logging.getLogger(__name__)

# Close code for a bad or revoked screen token (4000-4999 are application codes).
CLOSE_UNAUTHORISED = 4401
MAX_CLIENT_FRAME = 4096


class PingConsumer(AsyncJsonWebsocketConsumer):
    """Connectivity probe for clients: answers every `ping` with a `pong`."""

    async def receive_json(self, content: dict, **kwargs) -> None:
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})


def _query_token(scope: dict) -> str:
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return (query.get("token") or [""])[0]


def _user_agent(scope: dict) -> str:
    for name, value in scope.get("headers", []):
        if name == b"user-agent":
            return value.decode("latin-1")[:300]
    return ""


@database_sync_to_async
def _authenticate(slug: str, token: str):
    if not token:
        return None
    return selectors.screen_by_token(slug=slug, token_hash=tokens.token_hash(token))


@database_sync_to_async
def _snapshot(screen_id: int, location_id: int | None, user_agent: str):
    services.screen_heartbeat(screen_id=screen_id, client_info=user_agent, force=True)
    items = selectors.feedback_latest(location_id=location_id)
    emergencies = selectors.emergencies_active(location_id=location_id)
    return events.snapshot_message(items, emergencies), items


@database_sync_to_async
def _missed(location_id: int | None, since: int) -> list:
    return selectors.feedback_since(location_id=location_id, since=since)


@database_sync_to_async
def _heartbeat(screen_id: int, location_id: int | None, since: int) -> list:
    services.screen_heartbeat(screen_id=screen_id)
    return selectors.feedback_since(location_id=location_id, since=since)


class ScreenConsumer(AsyncWebsocketConsumer):
    """One wall screen. Everything it shows can be rebuilt from the database.

    The token is checked before the socket is accepted. A close before accept
    reaches a browser as an HTTP 403 it cannot read, so a bad token is accepted
    and closed at once with code 4401, which the screen page can act on.
    """

    screen_id: int | None = None
    location_id: int | None = None
    last_id = 0

    @property
    def channel_layer_alias(self) -> str:
        return broadcast.screens_layer_alias()

    async def connect(self) -> None:
        slug = self.scope["url_route"]["kwargs"]["slug"]
        screen = await _authenticate(slug, _query_token(self.scope))
        if screen is None:
            await self.accept()
            await self.close(code=CLOSE_UNAUTHORISED)
            return
        self.screen_id = screen.pk
        self.location_id = screen.location_id
        # Join before reading the snapshot: an item approved in between arrives
        # twice (screens de-duplicate by id) instead of not at all.
        self.groups = broadcast.screen_groups(
            screen_id=self.screen_id, location_id=self.location_id
        )
        await self._join_groups()
        await self.accept()
        snapshot, items = await _snapshot(
            self.screen_id, self.location_id, _user_agent(self.scope)
        )
        self.last_id = max((f.pk for f in items), default=0)
        await self.send(text_data=events.encode(snapshot))

    async def _join_groups(self) -> None:
        # With the layer down (Redis restarting) the screen keeps working on
        # heartbeat catch-up from the database; joining is retried every ping.
        try:
            for group in self.groups:
                await self.channel_layer.group_add(group, self.channel_name)
        except Exception:
            logger.warning("screen %s could not join its groups", self.screen_id)

    async def websocket_disconnect(self, message: dict) -> None:
        try:
            for group in self.groups:
                await self.channel_layer.group_discard(group, self.channel_name)
        except Exception:
            logger.warning("screen %s could not leave its groups", self.screen_id)
        self.groups = []
        await super().websocket_disconnect(message)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        if self.screen_id is None or not text_data or len(text_data) > MAX_CLIENT_FRAME:
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            return
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind == "ping":
            await self._on_ping()
        elif kind == "hello":
            since = content.get("since")
            if isinstance(since, int) and not isinstance(since, bool) and since >= 0:
                await self._on_hello(since)

    async def _on_ping(self) -> None:
        # Re-joining guards against group expiry on long-lived sockets; the
        # catch-up query delivers anything a lost layer message left out.
        await self._join_groups()
        await self._deliver(
            await _heartbeat(self.screen_id, self.location_id, self.last_id)
        )
        await self.send(text_data='{"type":"pong"}')

    async def _on_hello(self, since: int) -> None:
        await self._deliver(await _missed(self.location_id, since))

    async def _deliver(self, items: list) -> None:
        for feedback in items:
            await self.send(text_data=events.encode(events.feedback_message(feedback)))
            self.last_id = max(self.last_id, feedback.pk)

    async def screen_push(self, event: dict) -> None:
        """A broadcast: already-encoded JSON, forwarded as is."""
        feedback_id = event.get("feedback_id")
        if feedback_id:
            self.last_id = max(self.last_id, feedback_id)
        await self.send(text_data=event["text"])
