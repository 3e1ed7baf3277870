"""The Django admin writes realtime rows through the services, as the staff pages do."""

from unittest import mock

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from realtime import services, tokens
from realtime.masking import clean_feedback_text
from realtime.models import EmergencyMessage, Feedback, Screen, ScreenChange
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
    retract = await receive_until(communicator, "retract")
    assert retract["id"] == item.pk and retract["seq"] > snapshot["seq"]
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


def _seq(feedback_id: int) -> int:
    """The number of a feedback item's latest screen change (kept after deletion)."""
    return ScreenChange.objects.get(kind="feedback", target=feedback_id).seq


def test_admin_delete_of_an_approved_item_retracts_it(db):
    item = FeedbackFactory(status="approved")
    with mock.patch("realtime.broadcast.send_on_commit") as send:
        response = admin_client().post(
            reverse("admin:realtime_feedback_delete", args=[item.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Feedback.objects.exists()
    send.assert_called_once_with(
        ["screens.all"], {"type": "retract", "id": item.pk, "seq": _seq(item.pk)}
    )


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
    send.assert_called_once_with(
        ["screens.all"], {"type": "retract", "id": shown.pk, "seq": _seq(shown.pk)}
    )


def test_admin_added_screen_gets_a_token_shown_once(db):
    response = admin_client().post(
        reverse("admin:realtime_screen_add"),
        {
            "name": "Lobby",
            "slug": "lobby",
            "language": "nl",
            "theme": "dark",
            "rotation_seconds": "12",
        },
        follow=True,
    )
    screen = Screen.objects.get()
    (message,) = [str(m) for m in response.context["messages"] if "token=" in str(m)]
    token = message.rsplit("?token=", 1)[1]
    assert screen.token_hash == tokens.token_hash(token)


def test_admin_screen_change_is_validated_and_saved(db, make_screen):
    screen, _token = make_screen("lobby")
    data = {
        "name": "Lobby",
        "slug": "pair",  # reserved for the pairing page
        "language": "en",
        "theme": "dark",
        "rotation_seconds": "12",
        "show_feedback": "on",
        "active": "on",
    }
    url = reverse("admin:realtime_screen_change", args=[screen.pk])
    assert admin_client().post(url, data).status_code == 200
    response = admin_client().post(url, {**data, "slug": "hal"})
    assert response.status_code == 302
    screen.refresh_from_db()
    assert (screen.slug, screen.language, screen.show_stories) == ("hal", "en", False)


def test_admin_added_feedback_source_gets_a_token_shown_once(db):
    response = admin_client().post(
        reverse("admin:realtime_feedbacksource_add"),
        {"name": "trustpilot"},
        follow=True,
    )
    (message,) = [str(m) for m in response.context["messages"] if "token" in str(m)]
    token = message.rsplit(": ", 1)[1]
    assert services.feedback_source_authenticate(token).name == "trustpilot"


def test_admin_deactivated_source_is_refused_at_once(db, source_token):
    source, token = source_token
    assert services.feedback_source_authenticate_cached(token) == source
    admin_client().post(
        reverse("admin:realtime_feedbacksource_change", args=[source.pk]),
        {"name": source.name},  # "active" unticked
    )
    assert services.feedback_source_authenticate_cached(token) is None


def test_admin_emergency_message_goes_to_the_screens_and_is_cleared(db, rotterdam):
    with mock.patch("realtime.broadcast.send_on_commit") as send:
        admin_client().post(
            reverse("admin:realtime_emergencymessage_add"),
            {"text": "Brandoefening om 11:00", "location": rotterdam.pk},
        )
    message = EmergencyMessage.objects.get(active=True)
    (groups, shown), _kwargs = send.call_args
    assert groups == [f"screens.loc.{rotterdam.pk}"]
    assert shown["message"]["id"] == message.pk

    with mock.patch("realtime.broadcast.send_on_commit") as send:
        admin_client().post(
            reverse("admin:realtime_emergencymessage_changelist"),
            {"action": "clear_selected", "_selected_action": [message.pk]},
        )
    message.refresh_from_db()
    assert not message.active
    (groups, shown), _kwargs = send.call_args
    assert shown["message"] is None


def test_admin_deleted_active_emergency_message_leaves_the_screens(db):
    message = services.emergency_set(text="Lift buiten gebruik")
    with mock.patch("realtime.broadcast.send_on_commit") as send:
        admin_client().post(
            reverse("admin:realtime_emergencymessage_delete", args=[message.pk]),
            {"post": "yes"},
        )
    assert not EmergencyMessage.objects.exists()
    seq = ScreenChange.objects.get(kind="emergency", target=0).seq
    send.assert_called_once_with(
        ["screens.all"],
        {"type": "emergency", "scope": "all", "message": None, "seq": seq},
    )
