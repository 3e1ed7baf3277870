"""Every main page, in Chromium, loads only from this site and breaks no CSP rule."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from accounts.models import User
from cms.models import StoryPage
from realtime import services
from tests.e2e.conftest import browser_log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _pages(story: StoryPage, screen_url: str) -> dict[str, list[str]]:
    return {
        "employee@example.com": [
            "/",
            story.url,
            f"/stories/{story.pk}/share/",
            "/impact/",
            "/leaderboard/",
            "/suggest/",
            "/guidelines/",
            "/accounts/profile/",
            "/accounts/profile/data/",
            "/privacy/",
        ],
        "comms@example.com": [
            "/analytics/",
            "/cms/",
            f"/cms/pages/{story.pk}/edit/",
        ],
        "webcare@example.com": ["/feedback/moderation/", "/feedback/new/"],
        "admin@example.com": ["/screens/", "/cms/users/"],
        "": [screen_url, "/accounts/login/", "/api/v1/docs", "/privacy/"],
    }


def _visit(browser, server: str, client, email: str, paths: list[str]):
    """Open `paths` as `email` (anonymous if empty): what left, what CSP refused."""
    site = urlsplit(server).netloc
    outside: list[str] = []
    refused: list[str] = []
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)

    def route(route, _request) -> None:
        if urlsplit(route.request.url).netloc not in {site, ""}:
            outside.append(f"{page.url} → {route.request.url}")
            route.abort()
        else:
            route.continue_()

    def console(message) -> None:
        if "Content Security Policy" in message.text:
            refused.append(f"{page.url}: {message.text}")

    page.route("**/*", route)
    page.on("console", console)
    if email:
        browser_log_in(page, _Server(server), client, User.objects.get(email=email))
    for path in paths:
        response = page.goto(server + path)
        assert response is not None and response.status < 400, (path, response)
        page.wait_for_load_state("networkidle")
    context.close()
    return outside, refused


def test_main_pages_request_nothing_from_another_host(
    asgi_live_server, browser, client
):
    call_command("seed_demo")
    story = StoryPage.objects.live().order_by("pk").first()
    _screen, token = services.screen_create(slug="hall", name="Hall")
    outside: list[str] = []
    refused: list[str] = []
    for email, paths in _pages(story, f"/screens/hall/?token={token}").items():
        left, blocked = _visit(browser, asgi_live_server, client, email, paths)
        outside += left
        refused += blocked
    assert outside == [], "\n".join(outside)
    assert refused == [], "\n".join(refused)


class _Server:
    def __init__(self, url: str) -> None:
        self.url = url
