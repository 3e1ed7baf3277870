"""A new story starts in the company's language; the editor warns on a mismatch."""

import pytest

from cms.models import StoryPage
from tests.factories import story_index_page_factory

pytestmark = pytest.mark.django_db

CHECK = "/cms/stories/language-check/"


def test_new_story_language_defaults_to_the_company_language(settings):
    settings.BOEGBEELD_DEFAULT_LANGUAGE = "nl"
    assert StoryPage(title="Nieuw").language == "nl"
    settings.BOEGBEELD_DEFAULT_LANGUAGE = "en"
    assert StoryPage(title="New").language == "en"


def test_story_add_form_preselects_the_company_language(settings, comms_user, client):
    settings.BOEGBEELD_DEFAULT_LANGUAGE = "nl"
    index = story_index_page_factory()
    client.force_login(comms_user)

    response = client.get(f"/cms/pages/add/cms/storypage/{index.pk}/")

    form = response.context["form"]
    assert form["language"].value() == "nl"
    assert b"cms/story_language.js" in response.content


def test_language_check_warns_when_text_reads_as_another_language(comms_user, client):
    client.force_login(comms_user)

    response = client.post(
        CHECK,
        {
            "text": "We zijn trots op het team dat de nieuwe app heeft gebouwd.",
            "language": "en",
        },
    )

    assert response.json()["language"] == "nl"
    assert "reads like Dutch" in response.json()["message"]


def test_language_check_is_quiet_when_language_matches(comms_user, client):
    client.force_login(comms_user)

    response = client.post(
        CHECK, {"text": "We are proud of the team that built it.", "language": "en"}
    )

    assert response.json()["message"] == ""


def test_language_check_refuses_employees(employee_client):
    response = employee_client.post(CHECK, {"text": "x", "language": "en"})
    assert response.status_code in {302, 403}
