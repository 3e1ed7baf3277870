"""Screens replay by change sequence: every change in commit order, as current state."""

import pytest
from channels.db import database_sync_to_async
from django.db import connection, transaction

from realtime import selectors, services
from realtime.models import Feedback, ScreenChange
from realtime.services.changes import FEEDBACK, screen_change_record
from tests.factories import FeedbackFactory
from tests.realtime.helpers import (
    ScreenModel,
    create_screen,
    ingest,
    receive,
    receive_until,
    screen_communicator,
    second_writer_after_open_change,
)

make_feedback = database_sync_to_async(FeedbackFactory)
approve = database_sync_to_async(lambda item: services.feedback_approve(feedback=item))
hide = database_sync_to_async(lambda item: services.feedback_hide(feedback=item))
delete = database_sync_to_async(lambda item: services.feedback_delete(feedback=item))
current_seq = database_sync_to_async(selectors.change_seq_current)


@database_sync_to_async
def edit(item: Feedback, **changes) -> Feedback:
    details = {
        "text": item.text,
        "author": item.author,
        "channel": item.channel,
        "rating": item.rating,
        "location": item.location,
        **changes,
    }
    return services.feedback_edit(feedback=item, **details)


@database_sync_to_async
def approved_for(location_id: int | None) -> dict[int, str]:
    items = selectors.approved_feedback_for(location_id)
    return dict(items.values_list("id", "text"))


async def open_screen(slug: str, token: str, model: ScreenModel):
    """Connect, apply the snapshot and send `hello` as screen.js does; returns the
    communicator once the catch-up (`synced`) is applied."""
    communicator = screen_communicator(slug, token)
    assert (await communicator.connect())[0]
    snapshot = await receive(communicator)
    assert snapshot["type"] == "snapshot"
    model.apply(snapshot)
    await communicator.send_json_to(model.hello())
    while (message := await receive(communicator))["type"] != "synced":
        model.apply(message)
    model.apply(message)
    return communicator


# --- numbering -------------------------------------------------------------------
@pytest.mark.django_db
def test_every_change_screens_show_gets_the_next_number(rotterdam):
    shown = FeedbackFactory(status="pending")
    services.feedback_approve(feedback=shown)
    other = services.feedback_ingest(text="Top", rating=5).feedback
    services.feedback_hide(feedback=other)
    services.feedback_edit(feedback=shown, text="Verbeterd", rating=4)
    services.feedback_delete(feedback=shown)
    message = services.emergency_set(text="Ontruiming", location=rotterdam)
    services.emergency_clear(message=message)
    assert selectors.change_seq_current() == 7
    changes = ScreenChange.objects.order_by("seq")
    assert [(c.kind, c.target, c.seq) for c in changes] == [
        ("feedback", other.pk, 3),
        ("feedback", shown.pk, 5),  # deleted: its change row stays
        ("emergency", rotterdam.pk, 7),
    ]


@pytest.mark.django_db
def test_an_item_that_moved_while_hidden_is_replayed_to_every_location(
    rotterdam, utrecht
):
    """A Utrecht screen that missed the hide must still be told to drop the item
    when it comes back approved for Rotterdam."""
    item = services.feedback_ingest(text="Eerst Utrecht", rating=5, location=utrecht)
    item = services.feedback_hide(feedback=item.feedback)
    services.feedback_edit(feedback=item, text=item.text, location=rotterdam)
    services.feedback_approve(feedback=item)
    messages, upto = selectors.changes_since(location_id=utrecht.pk, seq=0)
    assert messages == [{"type": "retract", "id": item.pk, "seq": upto}]


@pytest.mark.django_db
def test_changes_that_screens_never_saw_take_no_number():
    item = FeedbackFactory(status="pending")
    services.feedback_hide(feedback=item)
    services.feedback_edit(feedback=item, text="Nog steeds verborgen")
    services.feedback_delete(feedback=item)
    assert selectors.change_seq_current() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_waits_for_the_open_one_so_numbers_follow_commit_order():
    """A second writer blocks on the counter until the first commits: whoever has
    read number N can never later find a smaller one committed after it."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        "file:memorydb"
    ):
        pytest.skip("in-memory SQLite shares one cache between threads (no waiting)")

    def second() -> int:
        with transaction.atomic():
            return screen_change_record(kind=FEEDBACK, target=2, location_id=None)

    assert second_writer_after_open_change(second) == (1, 2)


# --- replay ----------------------------------------------------------------------
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("flush_channel_layer")
async def test_hello_with_seq_replays_every_change_missed_as_current_state():
    old_pending = await make_feedback(text="Al lang in de wachtrij", status="pending")
    _s, token = await create_screen(slug="lobby")
    model = ScreenModel()
    communicator = await open_screen("lobby", token, model)
    shown = (await ingest(text="Al op het scherm", rating=5)).feedback
    edited = (await ingest(text="Tikfout", rating=5)).feedback
    gone = (await ingest(text="Wordt verwijderd", rating=5)).feedback
    for _ in range(3):
        model.apply(await receive_until(communicator, "feedback"))
    await communicator.disconnect()

    # While the screen is away: a new item, an old one approved late, a hide,
    # a correction, a deletion and an emergency message.
    new = (await ingest(text="Nieuw", rating=5)).feedback
    await approve(old_pending)
    await hide(shown)
    await edit(edited, text="Zonder tikfout")
    await delete(gone)
    await database_sync_to_async(services.emergency_set)(text="Brandoefening")

    again = await open_screen("lobby", token, model)
    assert model.shown() == await approved_for(None)
    assert set(model.shown()) == {new.pk, old_pending.pk, edited.pk}
    assert model.shown()[edited.pk] == "Zonder tikfout"
    assert [m["text"] for m in model.emergencies.values()] == ["Brandoefening"]
    assert model.seq == await current_seq()
    # Replayed again from the same number: nothing changes (idempotent).
    await again.send_json_to({"type": "hello", "since": 0, "seq": 0})
    while (message := await receive(again))["type"] != "synced":
        model.apply(message)
    assert model.shown() == await approved_for(None)
    await again.disconnect()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("flush_channel_layer")
async def test_location_screen_replays_its_changes_and_items_moved_away(
    rotterdam, utrecht
):
    _s, token = await create_screen(slug="rdam", location=rotterdam)
    model = ScreenModel()
    communicator = await open_screen("rdam", token, model)
    mover = (await ingest(text="Verhuist", rating=5, location=rotterdam)).feedback
    model.apply(await receive_until(communicator, "feedback"))
    await communicator.disconnect()

    await edit(mover, location=utrecht)  # no longer for Rotterdam's screens
    elsewhere = (await ingest(text="Utrecht", rating=5, location=utrecht)).feedback
    await database_sync_to_async(services.emergency_set)(
        text="Alleen U", location=utrecht
    )
    mine = (await ingest(text="Rotterdam", rating=5, location=rotterdam)).feedback

    communicator = screen_communicator("rdam", token)
    assert (await communicator.connect())[0]
    model.apply(await receive(communicator))
    await communicator.send_json_to(model.hello())
    replayed = []
    while (message := await receive(communicator))["type"] != "synced":
        replayed.append(message)
        model.apply(message)
    model.apply(message)
    # The moved item is taken off; Utrecht's own changes are not sent here.
    assert {(m["type"], m.get("id") or m["item"]["id"]) for m in replayed} == {
        ("retract", mover.pk),
        ("feedback", mine.pk),
    }
    assert elsewhere.pk not in model.shown()
    assert model.shown() == await approved_for(rotterdam.pk)
    assert model.emergencies == {}
    # Up to date with every office's changes: not behind because of them.
    assert message["seq"] == await current_seq()
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("flush_channel_layer")
async def test_editing_an_approved_item_updates_connected_screens():
    item = await make_feedback(text="Eerste versie", status="pending")
    _s, token = await create_screen(slug="lobby")
    model = ScreenModel()
    communicator = await open_screen("lobby", token, model)
    await approve(item)
    first = await receive_until(communicator, "feedback")
    await edit(item, text="Tweede versie")
    second = await receive_until(communicator, "feedback")
    assert second["item"]["id"] == item.pk
    assert second["item"]["text"] == "Tweede versie"
    assert second["seq"] == first["seq"] + 1
    # A late copy of the first version changes nothing on a screen.
    for message in (first, second, first):
        model.apply(message)
    assert model.shown() == {item.pk: "Tweede versie"}
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("flush_channel_layer")
async def test_hello_with_only_since_replays_by_id_as_before():
    _s, token = await create_screen(slug="lobby")
    communicator = screen_communicator("lobby", token)
    assert (await communicator.connect())[0]
    await receive(communicator)
    older = await make_feedback(text="Ouder")
    newer = await make_feedback(text="Nieuwer")
    await communicator.send_json_to({"type": "hello", "since": older.pk})
    replayed = await receive(communicator)
    assert replayed == {
        "type": "feedback",
        "item": {
            "id": newer.pk,
            "text": "Nieuwer",
            "author": newer.author,
            "channel": newer.channel,
            "rating": newer.rating,
            "received_at": newer.received_at.isoformat(),
        },
    }
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()
