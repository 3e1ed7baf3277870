"""The composer in a real browser: the disclosure fix speaks the post's language."""

import pytest

from advocacy.guidelines.models import GuidelineSettings
from tests.e2e.conftest import browser_log_in
from tests.factories import UserFactory, story_page_factory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_dutch_interface_english_post_gets_the_english_disclosure_first_in_line(
    live_server, page, client
):
    row = GuidelineSettings.load()
    row.company_name = "Stroomwijs"
    row.save()
    story = story_page_factory(
        language="nl",
        promotional=True,
        intro="Onze nieuwe app is er.",
    )
    browser_log_in(page, live_server, client, UserFactory())
    page.context.add_cookies(
        [{"name": "django_language", "value": "nl", "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/stories/{story.pk}/share/?network=linkedin")
    textarea = page.locator("[data-composer-text]")
    # The suggested text already says it, in the story's language.
    assert textarea.input_value().endswith("Ik werk bij Stroomwijs.")
    page.locator(".composer-status.is-ok, .composer-status.is-warn").wait_for()

    textarea.fill("Hi guys!! Proud of my colleagues: the new app is really good.")
    findings = page.locator(".composer-finding")
    page.locator(".composer-finding.is-block").wait_for()
    # What blocks sharing is listed first, although the warnings come earlier.
    assert "is-block" in findings.first.get_attribute("class")
    assert findings.count() >= 2
    fix = "Voeg “I work at Stroomwijs.” toe"  # the label speaks the interface's
    findings.first.get_by_role("button", name=fix).click()
    page.wait_for_function(
        "document.querySelector('[data-composer-text]').value"
        ".endsWith('really good.\\n\\nI work at Stroomwijs.')"
    )
    page.locator(".composer-status.is-warn").wait_for()
    assert page.locator(".composer-finding.is-block").count() == 0
