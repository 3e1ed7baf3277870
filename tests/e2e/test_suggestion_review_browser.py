"""A reviewer sees waiting suggestions in the admin: menu count and dashboard."""

import pytest

from tests.e2e.conftest import browser_log_in
from tests.factories import SuggestionFactory, suggestion_reviewer_factory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_reviewer_sees_waiting_suggestions_in_menu_and_dashboard(
    live_server, page, client
):
    reviewer = suggestion_reviewer_factory(email="chris@example.com")
    SuggestionFactory(title="Happy customers in Utrecht")
    SuggestionFactory(title="New office dog")
    browser_log_in(page, live_server, client, reviewer)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/cms/")

    menu_item = page.get_by_role("link", name="Suggestions (2 waiting)")
    menu_item.wait_for()
    panel = page.locator("#suggestions-waiting-section, [id^=suggestions-waiting]")
    assert "2 story suggestions waiting for review" in panel.first.inner_text()
    page.get_by_role("link", name="Happy customers in Utrecht").click()
    page.wait_for_url("**/cms/suggestions/*/")
    assert page.get_by_role("heading", name="Happy customers in Utrecht").count()
