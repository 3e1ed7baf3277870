"""On a phone, in Dutch: from the library to the network's share page in a few taps.

Every navigation to a network is answered by a stub (`page.context.route`), so
nothing leaves the loopback interface.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from advocacy.sharing.models import Share
from cms.models import StoryPage
from tests.e2e.conftest import TEST_CONTEXT
from tests.e2e.test_share_browser import log_in_employee, site_on_live_server  # noqa: F401
from tests.factories import story_page_factory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
LINKEDIN_TEXT = "Proud of the team behind our new service desk. I work at Stroomwijs."
X_TEXT = "Our new service desk is live! I work at Stroomwijs."
STUB = "<!doctype html><title>stub</title><p>network stub</p>"


@pytest.fixture
def phone(browser, request):
    """A phone-sized page with the Dutch interface."""
    from tests.e2e.conftest import _browser_log

    context = browser.new_context(
        **TEST_CONTEXT, locale="nl-NL", viewport=PHONE, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    request.node.browser_log = _browser_log(page)
    yield page
    context.close()


@pytest.fixture
def story():
    return story_page_factory(
        title="Our new service desk",
        slug="new-service-desk",
        intro="Meet the people behind our new service desk.",
        suggestions=(("linkedin", LINKEDIN_TEXT), ("x", X_TEXT)),
    )


def stub_networks(context) -> list[str]:
    """What the browser asked of LinkedIn and X: answered here, never sent."""
    opened: list[str] = []

    def answer(route):
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=STUB)

    context.route("https://www.linkedin.com/**", answer)
    context.route("https://x.com/**", answer)
    return opened


@pytest.fixture
def networks_stubbed(phone):
    return stub_networks(phone.context)


class Taps:
    """Counts what the employee taps, from the library on."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def tap(self, locator) -> None:
        self.count += 1
        locator.tap()

    def open_composer(self, base: str, story, network: str) -> None:
        """Tap the story card's link for `network` in the library."""
        path = f"/stories/{story.pk}/share/?network={network}"
        self.page.goto(f"{base}/")
        card_link = self.page.locator(f'a[href="{path}"]')
        assert card_link.count(), f"no card offers {path}"
        self.tap(card_link.first)
        self.page.wait_for_url(f"**{path}")


def share_button(page):
    return page.get_by_role("button", name="Delen", exact=True)


def assert_in_reach(page, locator) -> None:
    box = locator.bounding_box()
    assert box is not None
    assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"]


@pytest.mark.parametrize(
    ("network", "text", "intent"),
    [
        ("linkedin", LINKEDIN_TEXT, "https://www.linkedin.com/sharing/share-offsite/"),
        ("x", X_TEXT, "https://x.com/intent/tweet"),
    ],
)
def test_hand_off_from_the_library_to_the_network_in_two_taps(
    live_server,
    site_on_live_server,  # noqa: F811
    phone,
    client,
    story,
    networks_stubbed,
    network,
    text,
    intent,
):
    user = log_in_employee(phone, live_server, client)
    taps = Taps(phone)
    taps.open_composer(live_server.url, story, network)

    assert phone.get_by_label("Netwerk").input_value() == network
    assert phone.get_by_label("Je bericht").input_value() == text
    button = share_button(phone)
    assert_in_reach(phone, button)  # sticky at the bottom of the screen
    taps.tap(button)
    phone.wait_for_url(f"{intent}?*")

    assert taps.count == 2
    share = Share.objects.get(user=user)
    link = f"{live_server.url}/s/{share.code}"
    assert networks_stubbed == [phone.url]
    query = parse_qs(urlsplit(phone.url).query)
    if network == "linkedin":
        assert query == {"url": [link]}
    else:
        assert query == {"text": [text], "url": [link]}
    assert (share.network, share.hand_off) == (network, "intent")
    assert StoryPage.objects.get(pk=story.pk).share_count == 1


def test_hand_off_button_stays_in_reach_while_scrolling(
    live_server,
    phone,
    client,
    story,
):
    log_in_employee(phone, live_server, client)
    phone.goto(f"{live_server.url}/stories/{story.pk}/share/?network=x")
    # A long post with findings pushes the form far below the fold.
    phone.get_by_label("Je bericht").fill(("VOORZITTER ZEGT HOI. " * 40).strip())
    phone.locator(".composer-finding").first.wait_for()
    phone.mouse.wheel(0, 600)
    phone.wait_for_function("window.scrollY > 0")
    assert_in_reach(phone, share_button(phone))


SHARE_SHEET_STUB = """
(outcome) => {
  Object.defineProperty(navigator, "share", {
    configurable: true,
    value: (data) => window.recordShare(data).then(() => outcome === "abort"
      ? Promise.reject(new DOMException("Share canceled", "AbortError"))
      : undefined),
  });
}
"""


def stub_share_sheet(page, outcome: str) -> list[dict]:
    calls: list[dict] = []
    page.expose_function("recordShare", lambda data: calls.append(data))
    page.add_init_script(f"({SHARE_SHEET_STUB})({outcome!r})")
    return calls


def test_hand_off_to_the_phones_share_sheet(
    live_server,
    site_on_live_server,  # noqa: F811
    phone,
    client,
    story,
):
    user = log_in_employee(phone, live_server, client)
    calls = stub_share_sheet(phone, "share")
    taps = Taps(phone)
    taps.open_composer(live_server.url, story, "linkedin")

    sheet = phone.get_by_role("button", name="Delen via…")
    assert_in_reach(phone, sheet)
    taps.tap(sheet)
    phone.wait_for_url("**/shares/*/")

    share = Share.objects.get(user=user)
    assert taps.count == 2
    assert calls == [
        {"text": LINKEDIN_TEXT, "url": f"{live_server.url}/s/{share.code}"}
    ]
    assert share.hand_off == "share_sheet" and share.handed_off_at is not None
    expect(phone.locator("[data-share-counted]")).to_be_visible()


def test_hand_off_share_sheet_closed_without_sharing_counts_nothing(
    live_server, phone, client, story
):
    user = log_in_employee(phone, live_server, client)
    calls = stub_share_sheet(phone, "abort")
    phone.goto(f"{live_server.url}/stories/{story.pk}/share/?network=x")
    sheet = phone.get_by_role("button", name="Delen via…")
    sheet.tap()
    expect(sheet).to_be_enabled()  # back to the composer, ready for another go
    expect(share_button(phone)).to_be_enabled()

    assert len(calls) == 1
    assert "/share/" in phone.url
    share = Share.objects.get(user=user)
    assert share.handed_off_at is None
    assert StoryPage.objects.get(pk=story.pk).share_count == 0


def test_hand_off_copy_only_network_counts_when_the_post_is_copied(
    live_server, phone, client, story
):
    user = log_in_employee(phone, live_server, client)
    phone.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=live_server.url
    )
    phone.goto(f"{live_server.url}/stories/{story.pk}/share/?network=instagram")
    phone.get_by_label("Je bericht").fill(LINKEDIN_TEXT)
    share_button(phone).tap()
    phone.wait_for_url("**/shares/*/")
    share = Share.objects.get(user=user)
    assert share.handed_off_at is None  # no share sheet here: copy and paste

    phone.get_by_role("button", name="Tekst en link kopiëren").tap()
    expect(phone.locator("[data-share-counted]")).to_be_visible()
    share.refresh_from_db()
    assert share.hand_off == "copy"
    assert phone.evaluate("navigator.clipboard.readText()").startswith(LINKEDIN_TEXT)


def test_hand_off_from_the_confirmation_opens_the_network_and_counts(
    live_server,
    site_on_live_server,  # noqa: F811
    page,
    client,
    story,
):
    from advocacy.sharing.services import share_create

    networks_stubbed = stub_networks(page.context)
    user = log_in_employee(page, live_server, client)
    share = share_create(user=user, story=story, network="x", text=X_TEXT)
    page.goto(f"{live_server.url}/shares/{share.pk}/")
    counted = page.locator("[data-share-counted]")
    expect(counted).to_be_hidden()

    with page.expect_popup() as popup_info:
        page.get_by_role("button", name="Open X").click()
    popup = popup_info.value
    popup.wait_for_load_state()
    assert popup.url.startswith("https://x.com/intent/tweet?")
    assert networks_stubbed == [popup.url]
    expect(counted).to_be_visible()  # shown once the server recorded it
    share.refresh_from_db()
    assert share.hand_off == "intent"
    assert StoryPage.objects.get(pk=story.pk).share_count == 1
