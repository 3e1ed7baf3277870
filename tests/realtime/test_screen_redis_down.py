"""A screen while the cache and channel layers' Redis is down, and after."""

import pytest
import redis
from channels.db import database_sync_to_async

from realtime import latest, selectors
from tests.realtime.helpers import (
    create_screen,
    ingest,
    receive,
    receive_until,
    screen_communicator,
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("fanout", ["hub", "layer"])
async def test_screen_keeps_its_content_and_catches_up_without_redis(
    site_on_redis, redis_retry_now, settings, fanout
):
    settings.SCREENS_FANOUT = fanout
    _screen, token = await create_screen(slug="lobby")
    before = await ingest(text="Voor de storing", rating=5)
    screen = screen_communicator("lobby", token)
    assert (await screen.connect())[0]
    snapshot = await receive(screen)
    assert [item["id"] for item in snapshot["items"]] == [before.feedback.pk]

    site_on_redis.kill()
    during = await ingest(text="Tijdens de storing", rating=5)
    assert during.created  # stored; its push failed after commit and was logged

    # The socket stays open; its heartbeat brings what it missed from the database.
    await screen.send_json_to({"type": "ping"})
    caught_up = await receive_until(screen, "feedback")
    assert caught_up["item"]["id"] == during.feedback.pk
    assert (await receive_until(screen, "pong")) == {"type": "pong"}

    site_on_redis.start()
    redis_retry_now()
    latest.forget_local()
    after = await ingest(text="Na de storing", rating=5)
    await screen.send_json_to({"type": "ping"})
    assert (await receive_until(screen, "feedback"))["item"]["id"] == after.feedback.pk
    # The shared marker (the newest change number) is kept in Redis again.
    stored = redis.Redis.from_url(site_on_redis.url)
    newest = await database_sync_to_async(selectors.change_seq_current)()
    assert int(stored.get(f":1:{latest.CACHE_KEY}")) == newest
    await screen.disconnect()
