"""Screens connected per office and deliveries to them, through real websockets."""

import json

import pytest
from prometheus_client import REGISTRY

from core.metrics import EVERY_OFFICE
from tests.realtime.helpers import (
    connect_screen,
    create_screen,
    ingest,
    receive_until,
    screen_communicator,
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flush_channel_layer"),
]


@pytest.fixture(params=["in-process", "redis", "layer"])
def delivery_path(request, settings) -> str:
    """The hub within one process, the hub over Redis, and the channel layer."""
    settings.SCREENS_FANOUT = "layer" if request.param == "layer" else "hub"
    if request.param == "in-process":
        settings.CHANNEL_LAYERS = {
            "default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}
        }
    else:
        request.getfixturevalue("redis_channel_layers")
    return request.param


def value(name: str, labels: dict | None = None) -> float:
    return REGISTRY.get_sample_value(name, labels or {}) or 0.0


def connected(office: str) -> float:
    return value("boegbeeld_screens_connected", {"office": office})


def deliveries(kind: str) -> float:
    return value("boegbeeld_screen_deliveries_total", {"kind": kind})


async def test_screens_count_under_their_office_while_connected(fanout, rotterdam):
    before_rotterdam, before_all = connected("rotterdam"), connected(EVERY_OFFICE)
    _s, token_a = await create_screen(slug="hal", location=rotterdam)
    _s, token_b = await create_screen(slug="kantine", location=rotterdam)
    _s, token_c = await create_screen(slug="lobby")
    hal = await connect_screen("hal", token_a)
    kantine = await connect_screen("kantine", token_b)
    lobby = await connect_screen("lobby", token_c)
    assert connected("rotterdam") == before_rotterdam + 2
    assert connected(EVERY_OFFICE) == before_all + 1

    await kantine.disconnect()
    assert connected("rotterdam") == before_rotterdam + 1
    await hal.disconnect()
    await lobby.disconnect()
    assert connected("rotterdam") == before_rotterdam
    assert connected(EVERY_OFFICE) == before_all


async def test_screen_with_a_bad_token_is_not_counted(fanout):
    await create_screen(slug="lobby")
    before = connected(EVERY_OFFICE)
    communicator = screen_communicator("lobby", "wrong")
    await communicator.connect()
    closed = await communicator.receive_output(timeout=3)
    assert closed == {"type": "websocket.close", "code": 4401}
    assert connected(EVERY_OFFICE) == before


async def test_pushed_item_counts_deliveries_and_one_latency(delivery_path):
    screens = []
    for slug in ("a", "b"):
        _s, token = await create_screen(slug=slug)
        screens.append(await connect_screen(slug, token))
    pushed = deliveries("push")
    latencies = value("boegbeeld_screen_delivery_seconds_count")
    latency_sum = value("boegbeeld_screen_delivery_seconds_sum")

    result = await ingest(text="Snel en vriendelijk geholpen", rating=5)
    for communicator in screens:
        message = await receive_until(communicator, "feedback")
        assert message["item"]["id"] == result.feedback.pk

    assert deliveries("push") == pushed + 2  # one frame per screen
    # One broadcast, written by this process's hub: one latency, not negative.
    # Through the channel layer each socket gets its own message: no latency.
    timed = 0 if delivery_path == "layer" else 1
    assert value("boegbeeld_screen_delivery_seconds_count") == latencies + timed
    assert value("boegbeeld_screen_delivery_seconds_sum") >= latency_sum
    for communicator in screens:
        await communicator.disconnect()


async def test_replayed_changes_count_as_replays(fanout):
    await ingest(text="Al eerder goedgekeurd", rating=5)
    _s, token = await create_screen(slug="lobby")
    communicator = await connect_screen("lobby", token)
    replays, pushes = deliveries("replay"), deliveries("push")

    await communicator.send_to(text_data=json.dumps({"type": "hello", "seq": 0}))
    replayed = await receive_until(communicator, "feedback")
    assert replayed["item"]["text"] == "Al eerder goedgekeurd"
    await receive_until(communicator, "synced")
    assert deliveries("replay") == replays + 1
    assert deliveries("push") == pushes
    await communicator.disconnect()
