"""Sharing in a real browser: blocked, fixed, shared to X, link followed back."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from wagtail.models import Site

from advocacy.sharing.models import Share
from tests.e2e.conftest import browser_log_in
from tests.factories import (
    CampaignFactory,
    DepartmentFactory,
    LocationFactory,
    UserFactory,
    story_page_factory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BSN = "111222333"


@pytest.fixture
def site_on_live_server(live_server, settings):
    """Links and story URLs point at the live server, as they would in production."""
    parts = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(
        hostname=parts.hostname, port=parts.port
    )
    cache.clear()
    settings.BOEGBEELD_SITE_URL = live_server.url
    return live_server.url


def log_in_employee(page, live_server, client):
    """A demo-like employee: Eva from Sales in Utrecht."""
    user = UserFactory(email="eva@example.com", first_name="Eva", last_name="Vries")
    user.profile.department = DepartmentFactory(name="Sales", slug="sales")
    user.profile.location = LocationFactory(name="Utrecht", slug="utrecht")
    user.profile.save()
    browser_log_in(page, live_server, client, user)
    return user


def test_share_to_x_after_fixing_a_blocked_post(
    live_server, site_on_live_server, page, client
):
    user = log_in_employee(page, live_server, client)
    story = story_page_factory(
        title="Our new service desk",
        slug="new-service-desk",
        intro="Meet the people behind our new service desk.",
        campaign=CampaignFactory(name="Werken bij", slug="werken-bij"),
        suggestions=(("x", "Our new service desk is live!"),),
    )
    opened = []

    def stub_x(route):
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<p>X stub</p>")

    page.context.route("https://x.com/**", stub_x)

    page.goto(f"{live_server.url}/stories/new-service-desk/")
    page.get_by_role("link", name="Share this story").click()
    page.get_by_label("Network").select_option("x")
    textarea = page.get_by_label("Your post")
    textarea.fill(f"Call me about the new desk, my BSN is {BSN}.")

    block = page.locator(".composer-finding.is-block", has_text="BSN")
    block.wait_for()
    assert page.locator(".composer-mark.is-block").first.inner_text() == BSN

    text = "Met the new service desk team today: impressive. I work at Stroomwijs."
    textarea.fill(text)
    page.wait_for_function(
        "!document.querySelector('.composer-finding.is-block')"
        " && document.querySelector('.composer-status.is-ok, .composer-status.is-warn')"
    )
    # Share prepares the post and goes straight to X's share page.
    page.get_by_role("button", name="Share", exact=True).click()
    page.wait_for_url("https://x.com/**")

    share = Share.objects.get(user=user)
    assert share.text == text and share.network == "x"
    assert share.hand_off == "intent" and share.handed_off_at is not None
    link = f"{live_server.url}/s/{share.code}"
    query = parse_qs(urlsplit(page.url).query)
    assert page.url.startswith("https://x.com/intent/tweet?")
    assert query == {"text": [text], "url": [link]}
    assert opened == [page.url]

    # Back from X lands on the confirmation, which says the share counts.
    page.go_back()
    page.wait_for_url(f"**/shares/{share.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Shared on X"
    assert page.locator("code").inner_text() == link

    page.goto(link)
    page.wait_for_url("**/stories/new-service-desk/**")
    landed = urlsplit(page.url)
    assert landed.path == "/stories/new-service-desk/"
    assert parse_qs(landed.query) == {
        "utm_source": ["x"],
        "utm_medium": ["employee-advocacy"],
        "utm_campaign": ["werken-bij"],
    }
    assert page.get_by_role("heading", level=1).inner_text() == story.title
