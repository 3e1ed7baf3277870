"""The analytics tables on a laptop screen: no column cut off out of reach."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from accounts import roles
from advocacy.sharing import analytics
from advocacy.sharing.models import ClickDaily
from tests.e2e.conftest import browser_log_in
from tests.factories import (
    CampaignFactory,
    DepartmentFactory,
    LocationFactory,
    ShareFactory,
    UserFactory,
    story_page_factory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# For each table: is its last header cell inside the visible part of its box, and
# if not, can the box be scrolled, and reached with the keyboard to do so?
TABLES_STATE = """() => [...document.querySelectorAll("table[data-table]")].map(t => {
  const table = t;
  const box = table.closest(".table-wrap");
  const last = table.querySelector("thead th:last-child").getBoundingClientRect();
  const seen = box.getBoundingClientRect();
  return {
    table: table.dataset.table,
    lastColumnVisible: last.right <= seen.right + 1 && seen.right <= innerWidth,
    scrolls: box.scrollWidth > box.clientWidth,
    focusable: box.tabIndex >= 0,
    named: Boolean(box.getAttribute("aria-label")),
    pageWidth: document.documentElement.scrollWidth,
  };
})"""


@pytest.fixture
def figures():
    """A period with long story, campaign, department and location names."""
    today = timezone.localdate()
    story = story_page_factory(
        title="Our new customer service desk in the heart of Eindhoven opens its doors",
        campaign=CampaignFactory(
            name="Werken bij: de mensen achter onze dienstverlening", slug="werken"
        ),
    )
    for n in range(12):
        department = DepartmentFactory(
            name=f"Klantenservice en Dienstverlening {n % 2}", slug=f"ks-{n % 2}"
        )
        location = LocationFactory(
            name=f"Hoofdkantoor Eindhoven-Centrum {n % 2}", slug=f"hk-{n % 2}"
        )
        user = UserFactory(email=f"person{n}@example.com")
        for network in ("linkedin", "x", "facebook"):
            share = ShareFactory(
                user=user,
                story=story,
                network=network,
                department=department,
                location=location,
                campaign=story.campaign,
            )
            ClickDaily.objects.create(share=share, day=today, count=1000 * n + 7)
    analytics.rollup_day(today)


def log_in_comms(page, live_server, client) -> None:
    user = UserFactory(email="chris@example.com", roles=(roles.COMMUNICATIONS,))
    Group.objects.get(name=roles.COMMUNICATIONS).permissions.add(
        Permission.objects.get(
            content_type__app_label="advocacy", codename="view_analytics"
        )
    )
    browser_log_in(page, live_server, client, user)


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("width", [1280, 1366, 1400])
def test_analytics_tables_show_or_scroll_their_last_column(
    live_server, page, client, figures, width, language
):
    log_in_comms(page, live_server, client)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/analytics/")
    assert page.locator("html").get_attribute("lang") == language
    tables = page.evaluate(TABLES_STATE)
    assert {t["table"] for t in tables} >= {"stories", "departments", "locations"}
    for table in tables:
        assert table["pageWidth"] <= width
        assert table["lastColumnVisible"] or (
            table["scrolls"] and table["focusable"] and table["named"]
        ), table


def test_analytics_reads_as_dutch_in_dutch(live_server, page, client, figures):
    """Thousands with a dot, decimals with a comma, "klikken", Dutch month names."""
    log_in_comms(page, live_server, client)
    page.context.add_cookies(
        [{"name": "django_language", "value": "nl", "url": live_server.url}]
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/analytics/")
    tiles = page.locator("[data-summary]").inner_text()
    # 12 people × 3 networks, 3 × (7 + 1007 + … + 11007) = 198,252 clicks.
    assert "198.252" in tiles
    assert "Klikken" in tiles and "Kliks" not in tiles
    assert "\u00a0%" in page.inner_text("[data-table='adoption']")
    month = page.inner_text("[data-table='adoption'] tbody th")
    assert month == month.lower()  # "dec 2026", not "Dec 2026"
