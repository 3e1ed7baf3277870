"""A wall screen in real Chromium: live feedback over the websocket."""

import os
import re

import pytest
import requests
from django.utils import translation
from django.utils.translation import gettext

from realtime import broadcast, services
from tests.e2e.conftest import TEST_CONTEXT
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREEN = {"width": 1920, "height": 1080}


@pytest.fixture
def screen_page(browser):
    context = browser.new_context(**TEST_CONTEXT, locale="nl-NL", viewport=SCREEN)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_screen_shows_feedback_posted_through_the_api(asgi_live_server, screen_page):
    page = screen_page
    FeedbackFactory(text="Bezorger was super vriendelijk", author="Sanne J.")
    _screen, token = services.screen_create(slug="lobby", name="Lobby")
    _source, api_token = services.feedback_source_create(name="webcare")

    page.goto(f"{asgi_live_server}/screens/lobby/?token={token}")
    page.wait_for_selector("body[data-state='live']")
    assert "Bezorger was super vriendelijk" in page.inner_text("#quote-text")

    text = (
        "Binnen een uur geholpen! <img src=x onerror=alert(1)> &lt;b&gt;echt&lt;/b&gt;"
    )
    response = requests.post(
        f"{asgi_live_server}/api/v1/feedback",
        json={"text": text, "author": "Mark de Wit", "rating": 5, "channel": "x"},
        headers={"Authorization": f"Bearer {api_token}"},
        timeout=10,
    )
    assert response.status_code == 201
    page.wait_for_function(
        "document.getElementById('quote-text').textContent.startsWith('Binnen een uur')"
    )
    assert page.text_content("#quote-text") == "Binnen een uur geholpen! <b>echt</b>"
    assert page.locator("#quote-text img, #quote-text b").count() == 0
    assert page.is_visible("#badge")
    assert page.inner_text("#quote-author") == "Mark W."

    if os.environ.get("SCREENSHOT_DIR"):
        page.wait_for_timeout(2500)  # let the entry animation settle for the picture
        page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], "screen.png"))


def test_screen_page_with_bad_token_explains(asgi_live_server, screen_page):
    services.screen_create(slug="lobby", name="Lobby")
    response = screen_page.goto(f"{asgi_live_server}/screens/lobby/?token=wrong")
    assert response.status == 403
    # The browser asks for Dutch, so the explanation is in Dutch.
    with translation.override("nl"):
        expected = gettext("This screen is not authorised")
    assert screen_page.inner_text("h1") == expected


def test_new_screen_pairs_and_goes_live(asgi_live_server, screen_page):
    """A new wall screen asks for a code itself; a manager enters it; it goes live."""
    from realtime.models import ScreenPairing

    page = screen_page
    page.goto(f"{asgi_live_server}/screens/pair/")
    code = page.wait_for_selector("#pair-code").inner_text().replace("\u2009", "")
    assert len(code) == 6
    assert ScreenPairing.objects.count() == 1

    services.screen_pairing_confirm(code=code, slug="lobby", name="Lobby")
    page.wait_for_url(f"{asgi_live_server}/screens/lobby/?token=*")
    page.wait_for_selector("body[data-state='live']")


def test_screen_shows_times_in_the_site_time_zone_not_the_tvs(
    asgi_live_server, browser, settings
):
    """A TV set to another time zone still shows the office's times."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    settings.TIME_ZONE = "Europe/Amsterdam"
    office = ZoneInfo(settings.TIME_ZONE)
    received = timezone.now() - timedelta(minutes=1)
    FeedbackFactory(text="Snel geholpen", received_at=received)
    _screen, token = services.screen_create(slug="lobby", name="Lobby")
    # UTC+14: twelve or thirteen hours off, often on another date.
    context = browser.new_context(
        **TEST_CONTEXT,
        locale="nl-NL",
        viewport=SCREEN,
        timezone_id="Pacific/Kiritimati",
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{asgi_live_server}/screens/lobby/?token={token}")
        page.wait_for_selector("body[data-state='live']")
        assert page.inner_text("#quote-time") == (
            received.astimezone(office).strftime("%H:%M")
        )
        now = timezone.now().astimezone(office)
        clock = {(now + timedelta(minutes=m)).strftime("%H:%M") for m in (-1, 0, 1)}
        assert page.inner_text("#clock") in clock
    finally:
        context.close()


@pytest.mark.parametrize(
    ("revoke", "message"),
    [
        (
            lambda screen: services.screen_token_rotate(screen=screen),
            "This screen is no longer authorised.",
        ),
        (
            lambda screen: services.screen_update(screen=screen, active=False),
            "This screen was switched off by a screen manager.",
        ),
        (
            lambda screen: services.screen_delete(screen=screen),
            "This screen was switched off by a screen manager.",
        ),
    ],
    ids=["token-replaced", "switched-off", "deleted"],
)
def test_screen_page_says_it_was_revoked(
    asgi_live_server, screen_page, revoke, message
):
    page = screen_page
    screen, token = services.screen_create(slug="lobby", name="Lobby")
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    page.goto(f"{asgi_live_server}/screens/lobby/?token={token}")
    page.wait_for_selector("body[data-state='live']")

    revoke(screen)

    page.wait_for_selector("body[data-state='revoked']")
    with translation.override("nl"):
        expected = gettext(message)
    assert page.inner_text("#connection-text") == expected
    assert page.is_visible("#connection")
    # It stops reconnecting: no socket opened after the one that was closed.
    assert len(sockets) == 1
    page.wait_for_timeout(2000)  # the first reconnect would come within 1 s
    assert len(sockets) == 1


# What the screen keeps in localStorage (its items, their numbers, its `seq`).
SCREEN_STATE = "JSON.parse(localStorage.getItem('boegbeeld.screen.lobby'))"


def test_screen_catches_up_on_every_change_it_missed_after_a_drop(
    asgi_live_server, screen_page, monkeypatch
):
    """Pushes lost (as while Redis is down), then the socket drops: after the
    reconnect the screen shows the item approved late, loses the hidden one and
    shows the corrected text, though the snapshot alone covers none of that."""
    page = screen_page
    late = FeedbackFactory(text="Oud en eindelijk goedgekeurd", status="pending")
    shown = [FeedbackFactory(text=f"Eerder {n}") for n in range(21)]
    _screen, token = services.screen_create(slug="lobby", name="Lobby")
    sockets = []

    def through(socket) -> None:
        socket.connect_to_server()
        sockets.append(socket)

    page.route_web_socket(re.compile(r"/ws/screens/"), through)
    page.goto(f"{asgi_live_server}/screens/lobby/?token={token}")
    page.wait_for_selector("body[data-state='live']")
    page.wait_for_function(f"{SCREEN_STATE}.items.length === 20")

    monkeypatch.setattr(broadcast, "send_now_sync", lambda groups, message: None)
    services.feedback_approve(feedback=late)
    services.feedback_hide(feedback=shown[-1])
    corrected = shown[-2]
    services.feedback_edit(
        feedback=corrected, text="Verbeterd", author=corrected.author, rating=5
    )
    new = services.feedback_ingest(text="Nieuw binnen", rating=5).feedback
    monkeypatch.undo()
    sockets[-1].close(code=1012)  # the server restarted, say

    expected = sorted(
        [late.pk, new.pk, *(item.pk for item in shown[1:-1])], reverse=True
    )
    page.wait_for_function(
        f"""(expected) => {{
            const state = {SCREEN_STATE};
            return JSON.stringify(state.items.map((i) => i.id)) ===
                JSON.stringify(expected);
        }}""",
        arg=expected,
    )
    assert len(sockets) == 2
    state = page.evaluate(f"() => {SCREEN_STATE}")
    texts = {item["id"]: item["text"] for item in state["items"]}
    assert texts[corrected.pk] == "Verbeterd"
    assert state["seq"] == 4
