"""The employee pages on a phone (390×844, Dutch): header, menu, share, the app."""

import pytest

from realtime import services
from tests.e2e.conftest import TEST_CONTEXT
from tests.factories import UserFactory, story_page_factory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, asgi_live_server, client):
    """A Dutch phone signed in as an employee, on the whole ASGI app."""
    user = UserFactory(email="eva@example.com")
    client.force_login(user)
    context = browser.new_context(**TEST_CONTEXT, locale="nl-NL", viewport=PHONE)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": asgi_live_server,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_header_is_one_line_and_its_menu_works_by_keyboard(asgi_live_server, phone):
    page = phone
    page.goto(f"{asgi_live_server}/")

    assert page.locator(".site-header").bounding_box()["height"] <= 64
    toggle = page.get_by_role("button", name="Menu")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="Mijn impact").is_visible()

    # Keyboard only: skip link, brand, then the menu button.
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Verhalen"
    for name in ("Verhaal voorstellen", "Mijn impact", "Ranglijst", "Profiel"):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == name
        assert page.get_by_role("link", name=name).is_visible()

    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")
    assert not page.get_by_role("link", name="Mijn impact").is_visible()


def test_card_share_button_opens_the_composer_on_that_network(asgi_live_server, phone):
    page = phone
    story = story_page_factory(
        title="Ons nieuwe kantoor",
        suggestions=(("linkedin", "Trots op ons kantoor"), ("x", "Nieuw kantoor!")),
    )
    page.goto(f"{asgi_live_server}/")

    card = page.locator(".story-card", has_text="Ons nieuwe kantoor")
    card.get_by_role("link", name="Delen op X").click()

    page.wait_for_url(f"**/stories/{story.pk}/share/?network=x")
    assert page.locator("select[name=network]").input_value() == "x"


def test_service_worker_serves_the_library_offline_and_forgets_it_on_sign_out(
    asgi_live_server, phone
):
    page = phone
    story_page_factory(title="Verhaal voor onderweg")
    page.goto(f"{asgi_live_server}/")
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == f"{asgi_live_server}/"
    # Controlled from the next load on: that answer is the one kept for offline.
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.wait_for_function("caches.has('boegbeeld-pages')")

    page.context.set_offline(True)
    reached = "fetch('/healthz', {cache: 'no-store'}).then(() => 'up', () => 'down')"
    assert page.evaluate(reached) == "down"
    page.reload()
    assert page.locator(".story-card__title").inner_text() == "Verhaal voor onderweg"
    page.context.set_offline(False)

    page.goto(f"{asgi_live_server}/")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(f"{asgi_live_server}/")
    page.wait_for_function("document.body.dataset.signedIn === ''")
    assert page.evaluate("caches.has('boegbeeld-pages')") is False


def test_wall_screen_keeps_its_own_service_worker(asgi_live_server, phone):
    """The site's worker (scope /) does not take the wall screen's pages."""
    page = phone
    page.goto(f"{asgi_live_server}/")
    page.evaluate("navigator.serviceWorker.ready")
    _screen, token = services.screen_create(slug="lobby", name="Lobby")

    page.goto(f"{asgi_live_server}/screens/lobby/?token={token}")
    page.wait_for_selector("body[data-state='live']")
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.active.scriptURL)")
    assert scope == f"{asgi_live_server}/screens/sw.js"
