"""A story outside the employee's audience: readable, but no share button."""

import pytest

from tests.e2e.test_share_browser import log_in_employee
from tests.factories import DepartmentFactory, ShareFactory, story_page_factory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_story_outside_audience_from_my_impact_explains_instead_of_share(
    live_server, page, client
):
    user = log_in_employee(page, live_server, client)
    story = story_page_factory(title="Only for IT", slug="only-for-it")
    # Shared while it was for everyone; comms has since aimed it at IT only.
    ShareFactory(user=user, story=story, network="x")
    it_department = DepartmentFactory(name="IT", slug="it")
    story.audience_departments = [it_department]
    story.save_revision().publish()

    page.goto(f"{live_server.url}/impact/")
    page.get_by_role("link", name="Only for IT").click()
    page.get_by_role("link", name="Back to the story").click()
    page.wait_for_url("**/stories/only-for-it/")

    assert page.get_by_role("heading", level=1).inner_text() == "Only for IT"
    assert page.get_by_role("link", name="Share this story").count() == 0
    assert page.get_by_role("link", name="Share on X").count() == 0
    assert "other departments or locations" in (
        page.locator("[data-share-closed]").inner_text()
    )
