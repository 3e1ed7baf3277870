"""The per-process fan-out hub: one publish per group, one write per local screen."""

import asyncio
import json

import pytest

from realtime import broadcast, hub
from tests.realtime.helpers import (
    connect_screen,
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


async def test_broadcast_reaches_every_local_screen_exactly_once(fanout, rotterdam):
    screens = []
    for i in range(4):
        _s, token = await create_screen(slug=f"s{i}", location=rotterdam)
        screens.append(await connect_screen(f"s{i}", token))
    assert hub.group_sizes()[broadcast.ALL_SCREENS] == 4

    # Published to the office's group and to the unfiltered one: these screens
    # are in the first only, so each gets it once.
    result = await ingest(text="Iedereen ziet dit", rating=5, location=rotterdam)
    for communicator in screens:
        message = await receive_until(communicator, "feedback")
        assert message["item"]["id"] == result.feedback.pk
        assert await communicator.receive_nothing(timeout=0.2)
    for communicator in screens:
        await communicator.disconnect()


async def test_disconnected_screen_leaves_the_registry(fanout):
    _s, token_a = await create_screen(slug="a")
    screen_b, token_b = await create_screen(slug="b")
    a = await connect_screen("a", token_a)
    b = await connect_screen("b", token_b)
    assert hub.group_sizes()[broadcast.ALL_SCREENS] == 2
    await b.disconnect()
    sizes = hub.group_sizes()
    assert sizes[broadcast.ALL_SCREENS] == 1
    assert broadcast.screen_group(screen_b.pk) not in sizes

    result = await ingest(text="Alleen voor a", rating=5)
    assert (await receive_until(a, "feedback"))["item"]["id"] == result.feedback.pk
    await a.disconnect()
    assert broadcast.ALL_SCREENS not in hub.group_sizes()


async def test_no_layer_channel_per_screen_with_the_hub(fanout):
    _s, token = await create_screen(slug="lobby")
    communicator = await connect_screen("lobby", token)
    (member,) = hub.get_hub().members(broadcast.ALL_SCREENS)
    assert member.channel_layer is None
    await communicator.disconnect()


async def test_pushes_during_the_snapshot_follow_it(fanout, monkeypatch):
    """A broadcast that arrives while the snapshot is read is sent after it."""
    from realtime.consumers import screen_reads

    _s, token = await create_screen(slug="lobby")
    real_snapshot = screen_reads.snapshot
    pushed = {}

    class NotifyingBacklog(list):
        """The consumer's backlog that says when a held-back push lands in it."""

        def __init__(self):
            super().__init__()
            self.landed = asyncio.Event()

        def append(self, item):
            super().append(item)
            self.landed.set()

    async def snapshot_with_push(*args):
        (consumer,) = [c for members in hub.get_hub().groups.values() for c in members][
            :1
        ]
        backlog = consumer.hub_backlog = NotifyingBacklog()
        result = await ingest(text="Tijdens de snapshot", rating=5)
        pushed["id"] = result.feedback.pk
        await asyncio.wait_for(backlog.landed.wait(), timeout=5)
        return await real_snapshot(*args)

    monkeypatch.setattr(screen_reads, "snapshot", snapshot_with_push)
    communicator = screen_communicator("lobby", token)
    assert (await communicator.connect())[0]
    first = await receive(communicator)
    assert first["type"] == "snapshot"
    assert [i["id"] for i in first["items"]] == [pushed["id"]]
    # Also pushed: screens de-duplicate by id.
    assert (await receive_until(communicator, "feedback"))["item"]["id"] == pushed["id"]
    await communicator.disconnect()


# --- the hub on its own, with stand-in consumers ---------------------------------
class FakeConsumer:
    def __init__(self, name: str, behaviour: str = "ok") -> None:
        self.screen_id = name
        self.behaviour = behaviour
        self.synced_seq = 0
        self.hub_backlog = None
        self.hub_inflight = 0
        self.hub_connection = None
        self.sent: list[str] = []
        self.release = asyncio.Event()  # a "slow" socket's buffer drains

    async def base_send(self, message: dict) -> None:
        if self.behaviour == "raise":
            raise OSError("connection reset")
        if self.behaviour == "slow":
            await self.release.wait()
        elif self.behaviour == "raise-later":
            await asyncio.sleep(0)
            raise OSError("connection reset later")
        self.sent.append(message["text"])


@pytest.mark.django_db(transaction=False)
async def test_send_errors_on_one_socket_do_not_stop_the_others(settings):
    settings.SCREENS_FANOUT = "hub"
    the_hub = hub.Hub(asyncio.get_running_loop(), ("hub", None, "test:"))
    consumers = [
        FakeConsumer("ok-1"),
        FakeConsumer("broken", "raise"),
        FakeConsumer("slow", "slow"),
        FakeConsumer("broken-later", "raise-later"),
        FakeConsumer("ok-2"),
    ]
    for consumer in consumers:
        assert await the_hub.join(consumer, ["g"])
    text = json.dumps({"type": "feedback", "item": {"id": 7}})
    assert the_hub.fanout("g", text, 1) == 4  # all but the one that raised at once
    slow = consumers[2]
    assert slow.hub_inflight == 1 and slow.sent == []  # the others did not wait
    slow.release.set()
    await asyncio.gather(*list(the_hub.tasks), return_exceptions=True)
    sent = {c.screen_id: c.sent for c in consumers}
    assert sent == {
        "ok-1": [text],
        "broken": [],
        "slow": [text],
        "broken-later": [],
        "ok-2": [text],
    }
    assert all(c.hub_inflight == 0 for c in consumers)
    assert not the_hub.tasks
    assert consumers[0].synced_seq == 1
    await the_hub.aclose()


@pytest.mark.django_db(transaction=False)
async def test_hub_holds_back_for_snapshotting_and_skips_stuck_sockets():
    the_hub = hub.Hub(asyncio.get_running_loop(), ("hub", None, "test:"))
    joining, stuck, live = (
        FakeConsumer("joining"),
        FakeConsumer("stuck"),
        FakeConsumer("live"),
    )
    joining.hub_backlog = []
    stuck.hub_inflight = hub.MAX_INFLIGHT
    for consumer in (joining, stuck, live):
        await the_hub.join(consumer, ["g"])
    assert the_hub.fanout("g", "x", 1) == 1
    assert joining.hub_backlog == [("x", 1)] and joining.sent == []
    # A skipped screen stays behind, so its heartbeat replays the change.
    assert stuck.sent == [] and stuck.synced_seq == 0
    assert live.sent == ["x"] and live.synced_seq == 1
    the_hub.leave(live, ["g"])
    the_hub.leave(joining, ["g"])
    the_hub.leave(stuck, ["g"])
    assert the_hub.groups == {}
    await the_hub.aclose()


def test_payload_round_trip():
    text = '{"type":"feedback","item":{"id":12,"text":"a b"}}'
    assert hub.decode_payload(hub.encode_payload(text, 12)) == (text, 12)
    assert hub.decode_payload(hub.encode_payload('{"type":"reload"}', 0)) == (
        '{"type":"reload"}',
        0,
    )


async def test_start_eagerly_runs_to_completion_without_a_task():
    done = []

    async def quick():
        done.append(1)

    async def suspends():
        await asyncio.sleep(0)
        done.append(2)
        return "finished"

    assert hub.start_eagerly(quick()) is None
    assert done == [1]
    task = hub.start_eagerly(suspends())
    assert task is not None and done == [1]
    assert await task == "finished"
    assert done == [1, 2]


def test_hub_uses_the_screens_layers_redis(settings):
    settings.SCREENS_FANOUT = "hub"
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer"},
        "screens": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": "redis://10.0.0.9:6379/3"}]},
        },
    }
    assert hub.config() == ("hub", "redis://10.0.0.9:6379/3", "boegbeeld.screens:3:")
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    }
    assert hub.config() == ("hub", None, "boegbeeld.screens:")
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [("10.0.0.9", 6380)]},
        }
    }
    assert hub.config()[1] == "redis://10.0.0.9:6380"
    settings.SCREENS_FANOUT = "layer"
    assert not hub.enabled()
