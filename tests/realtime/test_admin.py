"""The Django admin writes realtime rows through the services, as the staff pages do."""

from unittest import mock

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from realtime.masking import clean_feedback_text
from realtime.models import Feedback
from tests.factories import FeedbackFactory, UserFactory
from tests.realtime.helpers import create_screen, receive, receive_until
from tests.realtime.helpers import screen_communicator as communicator_for

RAW = "<p>Bel me op 06-12345678 of mail anna@example.com, top geholpen!</p>"


def admin_client() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def change_data(item: Feedback, **changes) -> dict:
    data = {
        "text": item.text,
        "author": item.author,
        "channel": item.channel,
        "rating": item.rating or "",
        "location": item.location_id or "",
    }
    return {**data, **changes}


def run_action(action: str, *items: Feedback) -> int:
    response = admin_client().post(
        reverse("admin:realtime_feedback_changelist"),
        {"action": action, "_selected_action": [item.pk for item in items]},
    )
    return response.status_code


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("flush_channel_layer")
async def test_admin_hide_action_retracts_the_item_from_connected_screens():
    item = await database_sync_to_async(FeedbackFactory)(text="Al op het scherm")
    _screen, token = await create_screen(slug="lobby")
    communicator = communicator_for("lobby", token)
    assert (await communicator.connect())[0]
    snapshot = await receive(communicator)
    assert [shown["id"] for shown in snapshot["items"]] == [item.pk]

    status = await database_sync_to_async(run_action)("hide_selected", item)

    assert status == 302
    assert await receive_until(communicator, "retract") == {
        "type": "retract",
        "id": item.pk,
    }
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("flush_channel_layer")
async def test_admin_approve_action_pushes_the_item_to_connected_screens():
    item = await database_sync_to_async(FeedbackFactory)(status="pending")
    _screen, token = await create_screen(slug="lobby")
    communicator = communicator_for("lobby", token)
    assert (await communicator.connect())[0]
    assert (await receive(communicator))["items"] == []

    status = await database_sync_to_async(run_action)("approve_selected", item)

    assert status == 302
    message = await receive_until(communicator, "feedback")
    assert message["item"]["id"] == item.pk
    await communicator.disconnect()


def test_admin_edited_text_is_stored_masked_as_on_ingest(db):
    item = FeedbackFactory(text="Top geholpen!")
    response = admin_client().post(
        reverse("admin:realtime_feedback_change", args=[item.pk]),
        change_data(item, text=RAW, author="Anna de Vries"),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == clean_feedback_text(RAW).text
    assert "06-12345678" not in item.text
    assert "anna@example.com" not in item.text
    assert item.author == "Anna V."


def test_admin_change_form_leaves_the_status_to_the_actions(db):
    item = FeedbackFactory(status="approved")
    admin_client().post(
        reverse("admin:realtime_feedback_change", args=[item.pk]),
        change_data(item, status="hidden"),
    )
    item.refresh_from_db()
    assert item.status == Feedback.Status.APPROVED


def test_admin_text_empty_after_markup_is_refused(db):
    item = FeedbackFactory(text="Was er eerst")
    response = admin_client().post(
        reverse("admin:realtime_feedback_change", args=[item.pk]),
        change_data(item, text="<p> </p>"),
    )
    assert response.status_code == 200  # the form again, with the error
    item.refresh_from_db()
    assert item.text == "Was er eerst"


def test_admin_added_feedback_is_ingested(db):
    response = admin_client().post(
        reverse("admin:realtime_feedback_add"),
        {"text": RAW, "author": "Anna de Vries", "channel": "phone", "rating": "5"},
    )
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert item.text == clean_feedback_text(RAW).text
    assert item.author == "Anna V."
    assert item.status == Feedback.Status.APPROVED  # the auto-approve rules


def test_admin_delete_of_an_approved_item_retracts_it(db):
    item = FeedbackFactory(status="approved")
    with mock.patch("realtime.broadcast.send_on_commit") as send:
        response = admin_client().post(
            reverse("admin:realtime_feedback_delete", args=[item.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Feedback.objects.exists()
    send.assert_called_once_with(["screens.all"], {"type": "retract", "id": item.pk})


def test_admin_bulk_delete_retracts_each_approved_item(db):
    shown = FeedbackFactory(status="approved")
    waiting = FeedbackFactory(status="pending")
    with mock.patch("realtime.broadcast.send_on_commit") as send:
        admin_client().post(
            reverse("admin:realtime_feedback_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [shown.pk, waiting.pk],
                "post": "yes",
            },
        )
    assert not Feedback.objects.exists()
    send.assert_called_once_with(["screens.all"], {"type": "retract", "id": shown.pk})
