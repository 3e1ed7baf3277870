"""Error pages at phone width: no sideways scrolling, a visible way back."""

import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE_WIDTH = 390


def assert_fits_phone_with_way_back(page, base_url: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH
    back = page.get_by_role("link", name="Go to the stories")
    assert back.is_visible()
    back.click()
    page.wait_for_url(f"{base_url}/")


def test_404_page_fits_a_phone_and_leads_back(live_server, page, settings):
    settings.DEBUG = False
    response = page.goto(f"{live_server.url}/no-such-story/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == (
        "This page does not exist (any more)"
    )
    assert_fits_phone_with_way_back(page, live_server.url)


def test_cms_403_fits_a_phone_names_the_role_and_leads_back(
    live_server, page, settings
):
    settings.DEBUG = False
    user = UserFactory()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/")
    response = page.goto(f"{live_server.url}/cms/")
    assert response.status == 403
    assert "Communications" in page.locator("main").inner_text()
    assert_fits_phone_with_way_back(page, live_server.url)
