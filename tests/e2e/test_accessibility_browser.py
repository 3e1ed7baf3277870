"""axe-core on every page a person uses, as the demo role that uses it: no serious or
critical violations, on a phone (390×844) and the wall screen on a 1080p panel."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.e2e.axe import axe_violations, violations_text
from tests.e2e.conftest import TEST_CONTEXT

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = {
    "employee@example.com": (
        "/",
        "story",
        "composer",
        "/impact/",
        "/leaderboard/",
        "/suggest/",
        "/guidelines/",
    ),
    "comms@example.com": ("/analytics/",),
    "webcare@example.com": ("/feedback/moderation/", "/screens/"),
}


@pytest.fixture
def demo_screen_url() -> str:
    """The demo data (accounts, stories, shares, feedback); the lobby screen's path."""
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return re.search(r"(/screens/lobby/\?token=\S+)", out.getvalue()).group(1)


def signed_in_page(browser, client, base: str, email: str, viewport: dict):
    client.force_login(get_user_model().objects.get(email=email))
    context = browser.new_context(locale="nl-NL", viewport=viewport, **TEST_CONTEXT)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def visit(page, base: str, path: str) -> str:
    """Open `path`; "story" and "composer" are found from the library's first card."""
    if path in {"story", "composer"}:
        page.goto(f"{base}/")
        selector = ".story-card__link" if path == "story" else ".card-share"
        path = page.get_attribute(selector, "href")
    page.goto(f"{base}{path}")
    if "/share/" in path:
        # A finding on screen, so its "Why?" link is checked too.
        page.locator("textarea[name=text]").fill("Mijn BSN is 111222333")
        page.locator(".composer-finding .composer-why").first.wait_for()
    return path


def test_pages_have_no_serious_accessibility_violations(
    asgi_live_server, browser, client, demo_screen_url
):
    found = []
    for email, paths in PAGES.items():
        page = signed_in_page(
            browser, client, asgi_live_server, email, {"width": 390, "height": 844}
        )
        for path in paths:
            url = visit(page, asgi_live_server, path)
            found.append(violations_text(f"{email} {url}", axe_violations(page)))
        page.context.close()

    screen = browser.new_context(
        viewport={"width": 1920, "height": 1080}, **TEST_CONTEXT
    ).new_page()
    screen.goto(f"{asgi_live_server}{demo_screen_url}")
    screen.wait_for_selector("body[data-state='live']")
    found.append(violations_text("wall screen", axe_violations(screen)))
    screen.context.close()

    assert not any(found), "\n".join(line for line in found if line)
