"""Screen page, pairing, staff pages and the commands around them."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts import roles
from realtime import services, tokens
from realtime.models import EmergencyMessage, Feedback, Screen
from tests.factories import FeedbackFactory, UserFactory

pytestmark = pytest.mark.django_db

XSS = '<img src=x onerror="alert(1)">'


@pytest.fixture
def webcare(client):
    roles.sync_roles()
    user = UserFactory(roles=(roles.WEBCARE,))
    client.force_login(user)
    return user


@pytest.fixture
def screen_manager(client):
    roles.sync_roles()
    user = UserFactory(roles=(roles.SCREEN_MANAGERS,))
    client.force_login(user)
    return user


def test_screen_page_with_token_renders(client, make_screen):
    FeedbackFactory(text="Heel blij met de service")
    screen, token = make_screen("lobby")
    response = client.get(f"/screens/lobby/?token={token}")
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"
    snapshot = response.context["snapshot"]
    assert snapshot["items"][0]["text"] == "Heel blij met de service"
    assert b"realtime/screen.js" in response.content


@pytest.mark.parametrize("query", ["", "?token=", "?token=wrong"])
def test_screen_page_bad_token_is_403(client, make_screen, query):
    make_screen("lobby")
    response = client.get(f"/screens/lobby/{query}")
    assert response.status_code == 403
    assert b"not authorised" in response.content


def test_screen_page_shows_markup_in_feedback_as_text(client, make_screen):
    result = services.feedback_ingest(text=f"&lt;b&gt;hi&lt;/b&gt; {XSS}", rating=5)
    _screen, token = make_screen("lobby")
    response = client.get(f"/screens/lobby/?token={token}")
    html = response.content.decode()
    # The stored text is plain; in the page it only exists as escaped JSON data.
    assert "<b>" in result.feedback.text
    assert "<b>hi" not in html
    assert "<img src=x" not in html
    assert "\\u003Cb\\u003Ehi" in html
    data = html.split('id="screen-snapshot" type="application/json">')[1]
    items = json.loads(data.split("</script>")[0])["items"]
    assert items[0]["text"].startswith("<b>hi</b>")


def test_screen_js_inserts_text_only():
    from django.contrib.staticfiles import finders

    source = open(finders.find("realtime/screen.js"), encoding="utf-8").read()
    assert "innerHTML" not in source
    assert "insertAdjacentHTML" not in source


def test_moderation_page_shows_markup_as_text(client, webcare):
    services.feedback_ingest(text=f"&lt;script&gt;x&lt;/script&gt; {XSS}", rating=1)
    response = client.get("/feedback/moderation/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>x" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_moderation_page_needs_permission(client):
    client.force_login(UserFactory())
    assert client.get("/feedback/moderation/").status_code == 403


def test_moderation_page_redirects_anonymous_to_login(client):
    response = client.get("/feedback/moderation/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_moderation_approve_and_hide(
    client, webcare, django_capture_on_commit_callbacks
):
    item = FeedbackFactory(status=Feedback.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/feedback/moderation/{item.pk}/approve/", HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == Feedback.Status.APPROVED
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(f"/feedback/moderation/{item.pk}/hide/")
    item.refresh_from_db()
    assert item.status == Feedback.Status.HIDDEN
    assert len(callbacks) == 2  # the marker and the retract broadcast


def test_moderation_post_requires_csrf(webcare):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(webcare)
    item = FeedbackFactory(status=Feedback.Status.PENDING)
    assert strict.post(f"/feedback/moderation/{item.pk}/approve/").status_code == 403


def test_moderation_list_fragment_for_htmx_polling(client, webcare):
    FeedbackFactory(text="Nieuw binnen", status=Feedback.Status.PENDING)
    response = client.get("/feedback/moderation/", HTTP_HX_REQUEST="true")
    assert b"Nieuw binnen" in response.content
    assert b"<html" not in response.content


def test_moderation_settings_form_saves(client, webcare):
    client.post(
        "/feedback/moderation/",
        {"auto_approve": "on", "min_rating": "5", "block_profanity": "on"},
    )
    from realtime.models import ModerationSettings

    assert ModerationSettings.load().min_rating == 5


def test_feedback_entry_form_stores_masked_feedback(client, webcare):
    response = client.post(
        "/feedback/new/",
        {
            "text": "Bel me terug op 0612345678, top geholpen",
            "author": "Karin Jansen",
            "channel": "phone",
            "rating": "5",
        },
    )
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert "0612345678" not in item.text
    assert item.author == "Karin J."
    assert item.channel == "phone"


def test_feedback_entry_form_needs_permission(client):
    client.force_login(UserFactory())
    assert client.get("/feedback/new/").status_code == 403


def test_pairing_flow_authorises_waiting_screen(client, screen_manager, rotterdam):
    from django.test import Client

    wall = Client()
    assert wall.get("/screens/pair/").status_code == 200
    page = wall.post("/screens/pair/")
    assert page.status_code == 200
    code = page.context["code"]
    assert len(code) == 6
    assert set(code) <= set(tokens.PAIRING_ALPHABET)
    assert wall.post("/screens/pair/status/").json() == {"state": "waiting"}

    response = client.post(
        "/screens/pair/new/",
        {
            "code": code.lower(),
            "name": "Lobby",
            "slug": "lobby",
            "location": rotterdam.pk,
            "language": "nl",
            "theme": "dark",
            "rotation_seconds": "12",
        },
    )
    assert response.status_code == 302
    status = wall.post("/screens/pair/status/").json()
    assert status["state"] == "paired"
    assert wall.get(status["url"]).status_code == 200
    # The token is handed out once.
    assert wall.post("/screens/pair/status/").json()["state"] == "expired"
    assert Screen.objects.get().location == rotterdam


def test_pairing_page_and_status_only_read_on_get(client):
    """A link preview or prefetch of the pairing page creates nothing."""
    from realtime.models import ScreenPairing

    page = client.get("/screens/pair/")
    assert page.status_code == 200
    assert b'method="post"' in page.content
    assert client.get("/screens/pair/status/").status_code == 405
    assert not ScreenPairing.objects.exists()


def test_pairing_with_wrong_code_shows_error(client, screen_manager):
    response = client.post(
        "/screens/pair/new/",
        {
            "code": "AAAAAA",
            "name": "Lobby",
            "slug": "lobby",
            "language": "nl",
            "theme": "dark",
            "rotation_seconds": "12",
        },
    )
    assert response.status_code == 200
    assert "Unknown or expired" in response.content.decode()
    assert not Screen.objects.exists()


def test_pairing_code_expires(client, screen_manager):
    pairing, code, claim = services.screen_pairing_start()
    pairing.expires_at = timezone.now() - timedelta(seconds=1)
    pairing.save()
    with pytest.raises(Exception, match="expired"):
        services.screen_pairing_confirm(code=code, slug="x", name="X")


def test_screens_health_shows_online_and_offline(client, screen_manager, make_screen):
    online, _ = make_screen("lobby")
    offline, _ = make_screen("canteen")
    Screen.objects.filter(pk=online.pk).update(last_seen_at=timezone.now())
    Screen.objects.filter(pk=offline.pk).update(
        last_seen_at=timezone.now() - timedelta(seconds=61)
    )
    response = client.get("/screens/")
    rows = {r["screen"].slug: r["online"] for r in response.context["rows"]}
    assert rows == {"lobby": True, "canteen": False}


def test_screens_health_needs_permission(client, webcare):
    assert client.get("/screens/").status_code == 403


def test_emergency_set_and_clear_from_health_page(client, screen_manager):
    client.post("/screens/emergency/", {"text": "Ontruiming!"})
    message = EmergencyMessage.objects.get(active=True)
    client.post(f"/screens/emergency/{message.pk}/clear/")
    assert not EmergencyMessage.objects.filter(active=True).exists()


def test_remote_reload_broadcasts(client, screen_manager, make_screen):
    screen, _ = make_screen("lobby")
    from unittest import mock

    with mock.patch("realtime.broadcast.send_on_commit") as send:
        client.post("/screens/reload/", {"screen": screen.pk})
    send.assert_called_once_with([f"screens.screen.{screen.pk}"], {"type": "reload"})


def test_create_screen_command_prints_url_with_token(rotterdam):
    out = StringIO()
    call_command(
        "create_screen",
        "lobby",
        "--name",
        "Lobby",
        "--location",
        "rotterdam",
        stdout=out,
    )
    url = out.getvalue().strip()
    assert "/screens/lobby/?token=" in url
    token = url.split("token=")[1]
    screen = Screen.objects.get(slug="lobby")
    assert screen.token_hash == tokens.token_hash(token)
    assert token not in screen.token_hash
    assert screen.location == rotterdam


def test_create_screen_command_unknown_location():
    with pytest.raises(CommandError, match="Unknown location"):
        call_command("create_screen", "lobby", "--name", "Lobby", "--location", "mars")


def test_create_screen_command_duplicate_slug(make_screen):
    make_screen("lobby")
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_screen", "lobby", "--name", "Lobby")


def test_create_feedback_source_command_prints_token():
    out = StringIO()
    call_command("create_feedback_source", "trustpilot", stdout=out)
    token = out.getvalue().strip()
    assert services.feedback_source_authenticate(token).name == "trustpilot"


def test_demo_seed_is_idempotent(rotterdam):
    from realtime import demo

    out = StringIO()
    demo.seed(out)
    demo.seed(out)
    assert Feedback.objects.filter(status="approved").count() == len(demo.FEEDBACK)
    assert Screen.objects.get(slug="lobby").location == rotterdam
    assert out.getvalue().count("/screens/lobby/?token=") == 2


def test_story_highlights_show_live_stories_newest_first(db):
    from realtime import selectors
    from tests.factories import story_page_factory

    older = story_page_factory(title="Zonnepanelen", intro="<b>Op elk</b> kantoor.")
    newer = story_page_factory(title="Fietsplan")
    story_page_factory(title="Concept", publish=False)

    stories = selectors.story_highlights()

    assert [s["id"] for s in stories] == [newer.pk, older.pk]
    assert stories[1] == {
        "id": older.pk,
        "title": "Zonnepanelen",
        "intro": "Op elk kantoor.",
        "image": "",
    }
