"""The screen websocket contract, through the whole ASGI app."""

from unittest import mock

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from realtime import services
from realtime.layers import screens_layer_alias
from realtime.models import Feedback, Screen
from tests.factories import FeedbackFactory
from tests.realtime.helpers import (
    create_screen,
    ingest,
    receive,
    receive_until,
    screen_communicator,
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flush_channel_layer"),
]


@pytest.fixture(
    params=[
        "configured",
        "redis-core",
        "redis-pubsub",
        "layer-configured",
        "layer-redis-core",
        "layer-redis-pubsub",
    ]
)
async def layer(request, settings):
    """Run a test on the configured layers and on both real Redis layers.

    Through the fan-out hub (the default; on Redis it publishes and subscribes
    on the screens layer's Redis) and, for the `layer-` variants, through the
    channel layer itself.
    """
    kind = request.param
    if kind.startswith("layer-"):
        settings.SCREENS_FANOUT = "layer"
        kind = kind.removeprefix("layer-")
    if kind != "configured":
        layers = request.getfixturevalue("redis_channel_layers")
        if kind == "redis-pubsub":
            hosts = layers["default"]["CONFIG"]["hosts"]
            settings.CHANNEL_LAYERS = {
                **layers,
                "screens": {
                    "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                    "CONFIG": {"hosts": hosts},
                },
            }
    channel_layer = get_channel_layer(screens_layer_alias())
    await channel_layer.flush()
    yield request.param
    await channel_layer.flush()


make_feedback = database_sync_to_async(FeedbackFactory)
approve = database_sync_to_async(lambda item: services.feedback_approve(feedback=item))
hide = database_sync_to_async(lambda item: services.feedback_hide(feedback=item))


async def connect(slug: str, token: str):
    communicator = screen_communicator(slug, token)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def test_screen_socket_bad_token_closes_4401():
    await create_screen(slug="lobby")
    communicator = screen_communicator("lobby", "wrong")
    connected, _ = await communicator.connect()
    assert connected  # accepted only so that the close code reaches the client
    closed = await communicator.receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": 4401}
    await communicator.disconnect()


async def test_screen_socket_missing_token_closes_4401():
    await create_screen(slug="lobby")
    communicator = screen_communicator("lobby", "")
    await communicator.connect()
    assert (await communicator.receive_output(timeout=2))["code"] == 4401
    await communicator.disconnect()


async def test_screen_socket_token_of_other_screen_closes_4401():
    await create_screen(slug="lobby")
    _other, token = await create_screen(slug="canteen")
    communicator = screen_communicator("lobby", token)
    await communicator.connect()
    assert (await communicator.receive_output(timeout=2))["code"] == 4401
    await communicator.disconnect()


async def test_screen_socket_inactive_screen_closes_4401():
    screen, token = await create_screen(slug="lobby")
    await database_sync_to_async(Screen.objects.filter(pk=screen.pk).update)(
        active=False
    )
    communicator = screen_communicator("lobby", token)
    await communicator.connect()
    assert (await communicator.receive_output(timeout=2))["code"] == 4401
    await communicator.disconnect()


async def test_screen_socket_sends_snapshot_on_connect(layer):
    approved = await make_feedback(text="Top service")
    await make_feedback(text="Nog niet bekeken", status="pending")
    await make_feedback(text="Verborgen", status="hidden")
    emergency = await database_sync_to_async(services.emergency_set)(
        text="Brandoefening om 14:00"
    )
    _screen, token = await create_screen(slug="lobby")
    communicator = await connect("lobby", token)
    snapshot = await receive(communicator)
    assert snapshot["type"] == "snapshot"
    assert [i["id"] for i in snapshot["items"]] == [approved.pk]
    assert set(snapshot["items"][0]) == {
        "id",
        "text",
        "author",
        "channel",
        "rating",
        "received_at",
    }
    assert snapshot["emergencies"] == [
        {"id": emergency.pk, "text": "Brandoefening om 14:00", "scope": "all"}
    ]
    await communicator.disconnect()


async def test_screen_socket_records_last_seen_and_client(layer):
    screen, token = await create_screen(slug="lobby")
    communicator = await connect("lobby", token)
    await receive(communicator)
    screen = await database_sync_to_async(Screen.objects.get)(pk=screen.pk)
    assert screen.last_seen_at is not None
    await communicator.disconnect()


async def test_screen_socket_approved_item_arrives_and_hidden_is_retracted(layer):
    _screen, token = await create_screen(slug="lobby")
    communicator = await connect("lobby", token)
    assert (await receive(communicator))["items"] == []

    item = await make_feedback(text="Wat een service!", status="pending")
    await approve(item)
    message = await receive_until(communicator, "feedback")
    assert message["item"]["id"] == item.pk
    assert message["item"]["text"] == "Wat een service!"

    await hide(item)
    retract = await receive_until(communicator, "retract")
    assert retract == {"type": "retract", "id": item.pk, "seq": message["seq"] + 1}
    await communicator.disconnect()


async def test_screen_socket_ingest_auto_approved_item_arrives(layer):
    _screen, token = await create_screen(slug="lobby")
    communicator = await connect("lobby", token)
    await receive(communicator)
    result = await ingest(text="Snel geholpen", rating=5)
    message = await receive_until(communicator, "feedback")
    assert message["item"]["id"] == result.feedback.pk
    await communicator.disconnect()


async def test_screen_socket_pending_item_is_not_pushed(layer):
    _screen, token = await create_screen(slug="lobby")
    communicator = await connect("lobby", token)
    await receive(communicator)
    await ingest(text="Matig", rating=2)
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()


async def test_screen_socket_filters_by_location(layer, rotterdam, utrecht):
    _s, rotterdam_token = await create_screen(slug="rdam", location=rotterdam)
    _s, all_token = await create_screen(slug="all")
    rdam = await connect("rdam", rotterdam_token)
    everywhere = await connect("all", all_token)
    await receive(rdam)
    await receive(everywhere)

    utrecht_item = await ingest(text="Utrecht top", rating=5, location=utrecht)
    rotterdam_item = await ingest(text="Rotterdam top", rating=5, location=rotterdam)
    global_item = await ingest(text="Overal top", rating=5)

    got_rdam = [(await receive_until(rdam, "feedback"))["item"]["id"] for _ in range(2)]
    got_all = [
        (await receive_until(everywhere, "feedback"))["item"]["id"] for _ in range(3)
    ]
    assert got_rdam == [rotterdam_item.feedback.pk, global_item.feedback.pk]
    assert got_all == [
        utrecht_item.feedback.pk,
        rotterdam_item.feedback.pk,
        global_item.feedback.pk,
    ]
    assert await rdam.receive_nothing(timeout=0.3)
    await rdam.disconnect()
    await everywhere.disconnect()


async def test_screen_socket_snapshot_filters_by_location(rotterdam, utrecht):
    await make_feedback(text="Utrecht", location=utrecht)
    mine = await make_feedback(text="Rotterdam", location=rotterdam)
    everywhere = await make_feedback(text="Overal")
    _s, token = await create_screen(slug="rdam", location=rotterdam)
    communicator = await connect("rdam", token)
    snapshot = await receive(communicator)
    assert [i["id"] for i in snapshot["items"]] == [everywhere.pk, mine.pk]
    await communicator.disconnect()


async def test_screen_socket_hello_replays_exactly_the_missed_items(rotterdam, utrecht):
    seen = await make_feedback(text="Al gezien")
    _s, token = await create_screen(slug="rdam", location=rotterdam)
    # While the screen was away: two for it, one for another office, one pending.
    missed_1 = await make_feedback(text="Gemist 1", location=rotterdam)
    await make_feedback(text="Ander kantoor", location=utrecht)
    await make_feedback(text="Wacht nog", status="pending")
    missed_2 = await make_feedback(text="Gemist 2")

    communicator = await connect("rdam", token)
    await receive(communicator)  # snapshot
    await communicator.send_json_to({"type": "hello", "since": seen.pk})
    replayed = [(await receive(communicator))["item"]["id"] for _ in range(2)]
    assert replayed == [missed_1.pk, missed_2.pk]
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()


async def test_screen_socket_ignores_malformed_frames(layer):
    _s, token = await create_screen(slug="lobby")
    communicator = await connect("lobby", token)
    await receive(communicator)
    await communicator.send_to(text_data="not json")
    await communicator.send_json_to({"type": "hello", "since": "DROP TABLE"})
    await communicator.send_json_to(["ping"])
    await communicator.send_json_to({"type": "ping"})
    assert (await receive(communicator))["type"] == "pong"
    await communicator.disconnect()


async def test_screen_socket_ping_gets_pong_and_items_the_layer_lost(layer):
    _s, token = await create_screen(slug="lobby")
    communicator = await connect("lobby", token)
    await receive(communicator)
    # Approved without any broadcast, as if the layer dropped the message.
    lost = await make_feedback(text="Via de database", status="pending")
    with mock.patch("realtime.broadcast.send_now_sync"):
        await approve(lost)
    await communicator.send_json_to({"type": "ping"})
    replayed = await receive(communicator)
    assert replayed["item"]["id"] == lost.pk
    assert (await receive(communicator)) == {"type": "synced", "seq": replayed["seq"]}
    assert (await receive(communicator)) == {"type": "pong"}
    await communicator.disconnect()


async def test_screen_socket_emergency_and_reload_reach_screens(layer, rotterdam):
    screen, token = await create_screen(slug="rdam", location=rotterdam)
    communicator = await connect("rdam", token)
    await receive(communicator)

    message = await database_sync_to_async(services.emergency_set)(
        text="Ontruiming", location=rotterdam
    )
    pushed = await receive_until(communicator, "emergency")
    assert pushed["message"]["text"] == "Ontruiming"
    assert pushed["scope"] == f"loc-{rotterdam.pk}"

    await database_sync_to_async(services.emergency_clear)(message=message)
    cleared = await receive_until(communicator, "emergency")
    assert cleared["message"] is None

    await database_sync_to_async(services.screen_reload)(screen=screen)
    assert await receive_until(communicator, "reload") == {"type": "reload"}
    await communicator.disconnect()


async def test_screen_socket_payload_is_plain_text(layer):
    _s, token = await create_screen(slug="lobby")
    communicator = await connect("lobby", token)
    await receive(communicator)
    await ingest(
        text='<script>alert("x")</script><b>Top</b> &lt;img src=x onerror=alert(1)&gt;',
        rating=5,
    )
    item = (await receive_until(communicator, "feedback"))["item"]
    assert "<script" not in item["text"]
    assert "<b>" not in item["text"]
    # Script bodies go; entities decode once to text, which the screen
    # inserts with textContent.
    assert item["text"] == "Top <img src=x onerror=alert(1)>"
    await communicator.disconnect()


def test_feedback_hide_of_pending_item_sends_no_retract(db):
    item = FeedbackFactory(status=Feedback.Status.PENDING)
    services.feedback_hide(feedback=item)
    item.refresh_from_db()
    assert item.status == Feedback.Status.HIDDEN
