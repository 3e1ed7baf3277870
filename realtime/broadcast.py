"""The only place that pushes to screens. Services call it; it sends after commit.

Messages are encoded to JSON once per broadcast and travel as text, so a thousand
screens cost one serialisation, not a thousand. With `SCREENS_FANOUT = "hub"` (the
default) a broadcast is published once per group and each worker process writes
it straight to its own screens (`realtime.hub`); with "layer" it goes through the
channel layer to every screen consumer's channel.
Delivery through the layer is best effort by design: every change a screen shows
carries a sequence number (`services.changes`), and a screen that missed a push
(network drop, Redis restart, deploy) replays every change above the last number
it has from the database, on reconnect (`hello` with `seq`) and on its heartbeat,
so a failed send is logged, not raised.
"""

import logging
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from realtime import events, hub
from realtime.layers import screens_layer_alias

logger = logging.getLogger(__name__)

ALL_SCREENS = "screens.all"
UNFILTERED_SCREENS = "screens.unfiltered"
PUSH_EVENT = "screen.push"


def location_group(location_id: int) -> str:
    return f"screens.loc.{location_id}"


def screen_group(screen_id: int) -> str:
    return f"screens.screen.{screen_id}"


def screen_groups(*, screen_id: int, location_id: int | None) -> list[str]:
    """The groups one connected screen belongs to."""
    scope = UNFILTERED_SCREENS if location_id is None else location_group(location_id)
    return [ALL_SCREENS, scope, screen_group(screen_id)]


def feedback_groups(location_id: int | None) -> list[str]:
    """Screens that should show feedback from this location (None: everywhere)."""
    if location_id is None:
        return [ALL_SCREENS]
    return [location_group(location_id), UNFILTERED_SCREENS]


async def send_now(groups: Iterable[str], message: dict) -> None:
    # The sequence number travels beside the text: consumers track what they
    # delivered without decoding it.
    seq = events.message_seq(message)
    if hub.enabled():
        await hub.publish(groups, events.encode(message), seq)
        return
    layer = get_channel_layer(screens_layer_alias())
    if layer is None:
        return
    event = {"type": PUSH_EVENT, "text": events.encode(message)}
    if seq:
        event["seq"] = seq
    for group in groups:
        await layer.group_send(group, event)


def send_now_sync(groups: Iterable[str], message: dict) -> None:
    """`send_now` for synchronous code; the hub publishes without an event loop."""
    if hub.enabled():
        hub.publish_sync(
            list(groups), events.encode(message), events.message_seq(message)
        )
        return
    async_to_sync(send_now)(groups, message)


def _send(groups: list[str], message: dict) -> None:
    try:
        send_now_sync(groups, message)
    except Exception:
        # Screens replay what they missed from the database; never fail the write.
        logger.exception("broadcast of %s to %s failed", message.get("type"), groups)


def send_on_commit(groups: Iterable[str], message: dict) -> None:
    """Queue a push for when the surrounding transaction commits."""
    groups = list(groups)
    transaction.on_commit(lambda: _send(groups, message))
