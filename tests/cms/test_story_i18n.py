"""Dutch and English: the interface switches, stories in your language come first."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from tests.factories import story_page_factory

pytestmark = pytest.mark.django_db


def test_library_language_switch_sets_cookie_and_html_lang(employee_client, employee):
    response = employee_client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"

    soup = BeautifulSoup(employee_client.get("/").content, "html.parser")

    assert soup.html["lang"] == "nl"
    employee.profile.refresh_from_db()
    assert employee.profile.preferred_language == "nl"


def test_library_shows_stories_in_the_ui_language_first(employee_client):
    story_page_factory(title="English story", language="en")
    story_page_factory(title="Nederlands verhaal", language="nl")

    def titles(language: str) -> list[str]:
        employee_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        soup = BeautifulSoup(employee_client.get("/").content, "html.parser")
        return [h.get_text(strip=True) for h in soup.select(".story-card__title")]

    assert titles("nl") == ["Nederlands verhaal", "English story"]
    assert titles("en") == ["English story", "Nederlands verhaal"]


def test_library_marks_stories_in_another_language(employee_client):
    story_page_factory(title="Nederlands verhaal", language="nl")
    employee_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    soup = BeautifulSoup(employee_client.get("/").content, "html.parser")
    chip = soup.select_one(".lang-chip")
    assert chip.get_text(strip=True) == "NL"
    assert chip["lang"] == "nl"
