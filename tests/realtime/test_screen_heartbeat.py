"""What a screen's heartbeat costs, and what it still catches up on."""

import threading
import time
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from realtime import broadcast, consumers, latest, selectors, services
from realtime.consumers import screen as screen_consumer
from realtime.models import Screen
from tests.factories import FeedbackFactory
from tests.realtime.helpers import (
    connect_screen,
    create_screen,
    ingest,
    ping,
    receive_until,
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flush_channel_layer"),
]

make_feedback = database_sync_to_async(FeedbackFactory)


class QueryCounter:
    """Counts SQL statements on every thread (consumers query on a worker thread)."""

    def __init__(self, monkeypatch):
        self.statements: list[str] = []
        self._lock = threading.Lock()
        real_execute = CursorWrapper.execute

        def execute(cursor, sql, params=None):
            with self._lock:
                self.statements.append(sql)
            return real_execute(cursor, sql, params)

        monkeypatch.setattr(CursorWrapper, "execute", execute)

    def reset(self) -> None:
        with self._lock:
            self.statements.clear()

    @property
    def realtime(self) -> list[str]:
        """Statements on realtime's tables (not connection set-up)."""
        with self._lock:
            return [s for s in self.statements if "realtime_" in s]


@pytest.fixture
def queries(monkeypatch):
    return QueryCounter(monkeypatch)


@pytest.fixture
def no_resync(monkeypatch):
    """No periodic re-sync heartbeat during the test."""
    monkeypatch.setattr(screen_consumer, "RESYNC_EVERY", 10**9)


@pytest.fixture
def no_batch_due():
    """Keep the last-seen batch from being written during the test."""
    consumers.last_seen.flushed_at = time.monotonic() + 3600
    yield
    consumers.last_seen.flushed_at = time.monotonic()


async def test_ping_while_up_to_date_asks_no_database(queries, no_batch_due, no_resync):
    await ingest(text="Al op het scherm", rating=5)
    seq = await database_sync_to_async(selectors.change_seq_current)()
    _s, token = await create_screen(slug="lobby")
    communicator = await connect_screen("lobby", token)
    await ping(communicator)  # reads the marker once
    queries.reset()
    for _ in range(3):
        assert await ping(communicator) == []
    assert queries.realtime == []
    assert latest.read() == seq
    await communicator.disconnect()


async def test_item_whose_push_was_lost_arrives_on_next_ping(
    monkeypatch, queries, no_batch_due, no_resync
):
    _s, token = await create_screen(slug="lobby")
    communicator = await connect_screen("lobby", token)
    await ping(communicator)

    # Every push goes out through `send_now_sync`, after commit.
    monkeypatch.setattr(broadcast, "send_now_sync", lambda groups, message: None)
    result = await ingest(text="Kwam niet door", rating=5)
    assert result.feedback.status == "approved"
    assert await communicator.receive_nothing(timeout=0.2)

    replayed = await ping(communicator)
    assert [m["item"]["id"] for m in replayed] == [result.feedback.pk]
    # Caught up: the next heartbeat is free again.
    queries.reset()
    assert await ping(communicator) == []
    assert queries.realtime == []
    await communicator.disconnect()


async def test_approved_item_whose_push_was_lost_arrives_on_next_ping(
    monkeypatch, no_batch_due, no_resync
):
    item = await make_feedback(text="Wachtte op moderatie", status="pending")
    _s, token = await create_screen(slug="lobby")
    communicator = await connect_screen("lobby", token)
    await ping(communicator)

    monkeypatch.setattr(broadcast, "send_now_sync", lambda groups, message: None)
    await database_sync_to_async(services.feedback_approve)(feedback=item)
    assert await communicator.receive_nothing(timeout=0.2)

    replayed = await ping(communicator)
    assert [m["item"]["id"] for m in replayed] == [item.pk]
    await communicator.disconnect()


async def test_pushed_item_needs_no_database_on_next_ping(
    queries, no_batch_due, no_resync
):
    _s, token = await create_screen(slug="lobby")
    communicator = await connect_screen("lobby", token)
    await ping(communicator)
    result = await ingest(text="Direct op het scherm", rating=5)
    pushed = await receive_until(communicator, "feedback")
    assert pushed["item"]["id"] == result.feedback.pk
    queries.reset()
    assert await ping(communicator) == []
    assert queries.realtime == []
    await communicator.disconnect()


async def test_items_for_other_offices_cost_one_check(
    rotterdam, utrecht, queries, no_batch_due, no_resync
):
    _s, token = await create_screen(slug="rdam", location=rotterdam)
    communicator = await connect_screen("rdam", token)
    await ping(communicator)
    await ingest(text="Utrecht top", rating=5, location=utrecht)
    queries.reset()
    assert await ping(communicator) == []  # behind the marker: one look ...
    assert len(queries.realtime) == 1
    queries.reset()
    assert await ping(communicator) == []  # ... and not again
    assert queries.realtime == []
    await communicator.disconnect()


async def test_unknown_marker_is_seeded_from_the_database(no_batch_due, no_resync):
    await ingest(text="Van voor de cache-flush", rating=5)
    seq = await database_sync_to_async(selectors.change_seq_current)()
    assert seq > 0
    _s, token = await create_screen(slug="lobby")
    communicator = await connect_screen("lobby", token)
    await database_sync_to_async(latest.cache.delete)(latest.CACHE_KEY)
    latest.forget_local()
    assert await ping(communicator) == []
    assert latest.read() == seq
    await communicator.disconnect()


async def test_resync_heartbeat_checks_the_database_regardless(
    queries, no_batch_due, no_resync, monkeypatch
):
    _s, token = await create_screen(slug="lobby")
    communicator = await connect_screen("lobby", token)
    await ping(communicator)
    # Approved while neither the push nor the marker got out (as if Redis blinked).
    monkeypatch.setattr(latest, "mark_changed", lambda seq: None)
    monkeypatch.setattr(broadcast, "send_now_sync", lambda groups, message: None)
    hidden = (await ingest(text="Zonder marker", rating=5)).feedback
    assert await ping(communicator) == []
    monkeypatch.setattr(screen_consumer, "RESYNC_EVERY", 1)
    replayed = await ping(communicator)
    assert [m["item"]["id"] for m in replayed] == [hidden.pk]
    await communicator.disconnect()


async def test_heartbeats_record_last_seen_in_one_batch(no_resync):
    screen_a, token_a = await create_screen(slug="a")
    screen_b, token_b = await create_screen(slug="b")
    a = await connect_screen("a", token_a)
    b = await connect_screen("b", token_b)
    old = timezone.now() - timedelta(minutes=10)
    await database_sync_to_async(Screen.objects.update)(last_seen_at=old)
    consumers.last_seen.flushed_at = time.monotonic() + 3600
    await ping(a)  # collected, not written yet
    consumers.last_seen.flushed_at = float("-inf")
    await ping(b)  # writes both
    seen = await database_sync_to_async(
        lambda: dict(Screen.objects.values_list("slug", "last_seen_at"))
    )()
    assert seen["a"] > old and seen["b"] > old
    assert consumers.last_seen.pending == set()
    await a.disconnect()
    await b.disconnect()


def test_marker_only_moves_up(db):
    latest.mark_changed(10)
    latest.mark_changed(5)
    latest.forget_local()
    assert latest.read() == 10


def test_marker_on_redis_only_moves_up(redis_cache):
    try:
        latest.mark_changed(7)
        latest.mark_changed(3)
        latest.forget_local()
        assert latest.read() == 7
        latest.mark_changed(9)
        latest.forget_local()
        assert latest.read() == 9
    finally:
        latest.cache.delete(latest.CACHE_KEY)
