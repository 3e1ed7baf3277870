"""The story editor starts in the company's language and warns on a mismatch."""

import pytest

from accounts import roles
from tests.e2e.conftest import browser_log_in
from tests.factories import UserFactory, story_index_page_factory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_story_editor_defaults_to_company_language_and_warns_on_mismatch(
    live_server, page, client, settings
):
    settings.BOEGBEELD_DEFAULT_LANGUAGE = "nl"
    index = story_index_page_factory()
    comms = UserFactory(email="chris@example.com", roles=(roles.COMMUNICATIONS,))
    browser_log_in(page, live_server, client, comms)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/cms/pages/add/cms/storypage/{index.pk}/")
    language = page.locator("#id_language")
    assert language.input_value() == "nl"
    warning = page.locator(".story-language-warning")

    page.locator("#id_intro").fill(
        "We are proud of the team that built the new app for our customers."
    )
    warning.wait_for(state="visible")
    assert "reads like English" in warning.inner_text()
    assert "marked as Dutch" in warning.inner_text()

    language.select_option("en")
    warning.wait_for(state="hidden")
