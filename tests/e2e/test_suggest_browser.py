"""An employee suggests a story in a real browser and finds it under My suggestions."""

import pytest

from advocacy.suggestions.models import Suggestion
from tests.factories import PASSWORD, DepartmentFactory, UserFactory, image_bytes

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_suggest_story_in_real_browser(live_server, page):
    user = UserFactory(first_name="Eva", last_name="de Vries")
    DepartmentFactory(name="Sales", slug="sales")
    page.goto(f"{live_server.url}/accounts/login/?next=/suggest/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/suggest/")

    page.get_by_label("Link").fill("https://example.org/news/happy-customers")
    page.get_by_label("Title").fill("Customers love the new app")
    text = page.get_by_label("The story in short")
    # The guideline check runs while typing and names what must be fixed.
    text.fill("The customer's BSN is 111222333.")
    page.locator('[data-rule="PII.BSN"]').wait_for()
    text.fill("Three customers told me the <strong>new app</strong> saves them time.")
    page.locator('[data-composer-ok="true"]').wait_for()
    page.get_by_label("Why does it matter?").fill("It shows we listen.")
    page.get_by_label("Image").set_input_files(
        files=[{"name": "app.png", "mimeType": "image/png", "buffer": image_bytes()}]
    )
    page.get_by_label("Sales").check()
    page.get_by_role("button", name="Send suggestion").click()

    page.wait_for_url(f"{live_server.url}/suggest/mine/*/")
    assert "Thank you!" in page.locator(".messages").inner_text()

    page.get_by_role("link", name="My suggestions").first.click()
    page.wait_for_url(f"{live_server.url}/suggest/mine/")
    item = page.locator(".suggestion-item")
    assert item.count() == 1
    assert "Customers love the new app" in item.inner_text()
    assert "Waiting for review" in item.inner_text()
    assert item.locator("img.suggestion-thumb").count() == 1

    suggestion = Suggestion.objects.get()
    assert suggestion.suggester == user
    assert suggestion.image is not None
    assert [d.slug for d in suggestion.audience_departments.all()] == ["sales"]
