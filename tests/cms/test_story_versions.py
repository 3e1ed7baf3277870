"""One story, one card: language versions are linked, the library shows the
reader's version and offers the other; topics in the reader's language."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from cms.models import StoryPage
from cms.services import (
    story_version_create,
    story_versions_link,
    story_versions_unlink,
)
from tests.factories import story_page_factory

pytestmark = pytest.mark.django_db


def library(client, language: str, **params) -> BeautifulSoup:
    response = client.get("/", params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def cards(soup) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(title, [(link text, href, hreflang)]) per card, in order."""
    found = []
    for card in soup.select(".story-card"):
        links = [
            (a.get_text(strip=True), a["href"], a["hreflang"])
            for a in card.select(".story-versions a")
        ]
        found.append(
            (card.select_one(".story-card__title").get_text(strip=True), links)
        )
    return found


@pytest.fixture
def award():
    """The same story in Dutch and in English, linked as versions."""
    nl = story_page_factory(
        title="Klantenservice wint", slug="klantenservice-wint", language="nl"
    )
    en = story_page_factory(
        title="Customer service wins", slug="customer-service-wins", language="en"
    )
    nl.topics.set(["trots", "klantenservice"])
    nl.save_revision().publish()
    en.topics.set(["proud", "customer service"])
    en.save_revision().publish()
    story_versions_link(story=nl, other=en)
    return nl, en


def test_versions_share_wagtails_translation_key(award):
    nl, en = award
    assert list(nl.get_translations()) == [StoryPage.objects.get(pk=en.pk)]
    assert {nl.locale.language_code, en.locale.language_code} == {"nl", "en"}


def test_library_shows_one_card_in_the_readers_language(employee_client, award):
    assert cards(library(employee_client, "en")) == [
        (
            "Customer service wins",
            [("Ook in het Nederlands", "/stories/klantenservice-wint/", "nl")],
        )
    ]
    assert cards(library(employee_client, "nl")) == [
        (
            "Klantenservice wint",
            [("Also in English", "/stories/customer-service-wins/", "en")],
        )
    ]


def test_library_falls_back_to_the_version_there_is(employee_client, award):
    story_page_factory(title="Alleen in het Nederlands", language="nl")
    shown = cards(library(employee_client, "en"))
    assert ("Alleen in het Nederlands", []) in shown
    assert len(shown) == 2


def test_unlinked_stories_in_two_languages_are_two_cards(employee_client, award):
    nl, _en = award
    story_versions_unlink(story=nl)
    titles = [title for title, _links in cards(library(employee_client, "en"))]
    assert sorted(titles) == ["Customer service wins", "Klantenservice wint"]


def test_version_not_in_the_readers_audience_is_not_offered(
    employee_client, award, eindhoven
):
    nl, _en = award
    nl.audience_locations = [eindhoven]
    nl.save_revision().publish()
    assert cards(library(employee_client, "en")) == [("Customer service wins", [])]
    # A Dutch reader outside Eindhoven gets the English version instead.
    assert cards(library(employee_client, "nl")) == [("Customer service wins", [])]


def test_topic_filter_offers_topics_in_the_readers_language(employee_client, award):
    def topics(soup):
        return [o["value"] for o in soup.select("select[name=topic] option")][1:]

    assert topics(library(employee_client, "en")) == ["customer-service", "proud"]
    assert topics(library(employee_client, "nl")) == ["klantenservice", "trots"]
    filtered = library(employee_client, "nl", topic="trots")
    assert [title for title, _ in cards(filtered)] == ["Klantenservice wint"]


def test_search_shows_one_card_per_story(employee_client, award):
    soup = library(employee_client, "en", q="wins")
    assert [title for title, _ in cards(soup)] == ["Customer service wins"]


def test_story_page_links_its_other_versions(client, award):
    nl, en = award
    soup = BeautifulSoup(
        client.get("/stories/klantenservice-wint/").content, "html.parser"
    )
    (link,) = soup.select(".story-versions a")
    assert (link.get_text(strip=True), link["href"], link["hreflang"]) == (
        "Also in English",
        "/stories/customer-service-wins/",
        "en",
    )
    alternate = soup.select_one('link[rel=alternate][hreflang="en"]')
    assert alternate["href"].endswith("/stories/customer-service-wins/")


def test_story_page_does_not_link_an_unpublished_version(client, award):
    _nl, en = award
    en.unpublish()
    soup = BeautifulSoup(
        client.get("/stories/klantenservice-wint/").content, "html.parser"
    )
    assert soup.select(".story-versions a") == []


def test_linking_two_versions_in_one_language_is_refused(award):
    nl, _en = award
    other = story_page_factory(title="Ander verhaal", language="nl")
    with pytest.raises(ValidationError) as refused:
        story_versions_link(story=nl, other=other)
    assert "Dutch" in str(refused.value)
    other.refresh_from_db()
    assert other.translation_key != nl.translation_key


def test_version_create_makes_a_draft_copy_in_the_other_language(comms_user):
    story = story_page_factory(
        title="Nieuwe app", slug="nieuwe-app", language="nl", featured=True
    )
    version = story_version_create(story=story, language="en", user=comms_user)
    assert version.live is False
    assert version.language == "en"
    assert version.locale.language_code == "en"
    assert version.translation_key == story.translation_key
    assert version.slug == "nieuwe-app-en"
    assert version.get_parent().pk == story.get_parent().pk
    with pytest.raises(ValidationError):
        story_version_create(story=story, language="en", user=comms_user)


def test_publishing_a_new_language_moves_the_story_to_that_locale(award):
    nl, en = award
    en.language = "nl"
    en.save_revision().publish()
    en.refresh_from_db()
    assert en.locale.language_code == "nl"
    # Two Dutch stories are no versions of each other any more.
    assert en.translation_key != nl.translation_key


# --- the CMS: comms make and link versions -------------------------------------
@pytest.fixture
def comms_client(client, comms_user):
    client.force_login(comms_user)
    return client


def test_story_editor_offers_language_versions(comms_client):
    story = story_page_factory(title="Nieuwe app", language="nl")
    response = comms_client.get(f"/cms/pages/{story.pk}/edit/")
    assert f"/cms/stories/{story.pk}/versions/".encode() in response.content


def test_comms_make_a_version_in_another_language(comms_client):
    story = story_page_factory(title="Nieuwe app", slug="nieuwe-app", language="nl")
    url = f"/cms/stories/{story.pk}/versions/"
    page = BeautifulSoup(comms_client.get(url).content, "html.parser")
    assert [o["value"] for o in page.select("select[name=language] option")] == ["en"]

    response = comms_client.post(url, {"action": "create", "language": "en"})
    version = StoryPage.objects.get(slug="nieuwe-app-en")
    assert response.status_code == 302
    assert response["Location"] == f"/cms/pages/{version.pk}/edit/"
    assert version.translation_key == story.translation_key and not version.live


def test_comms_link_an_existing_story_and_unlink_it(comms_client):
    nl = story_page_factory(title="Nieuwe app", language="nl")
    en = story_page_factory(title="New app", language="en")
    url = f"/cms/stories/{nl.pk}/versions/"
    response = comms_client.post(url, {"action": "link", "other": en.pk})
    assert response.status_code == 302
    assert list(nl.get_translations()) == [StoryPage.objects.get(pk=en.pk)]
    page = BeautifulSoup(comms_client.get(url).content, "html.parser")
    assert "New app" in page.select_one(".story-versions-admin").get_text()

    comms_client.post(url, {"action": "unlink"})
    nl.refresh_from_db()
    assert not nl.get_translations().exists()


def test_linking_a_story_that_is_not_offered_is_a_form_error(comms_client):
    nl = story_page_factory(title="Nieuwe app", language="nl")
    other_nl = story_page_factory(title="Ander verhaal", language="nl")
    url = f"/cms/stories/{nl.pk}/versions/"
    response = comms_client.post(url, {"action": "link", "other": other_nl.pk})
    assert response.status_code == 400
    assert not nl.get_translations().exists()
    response = comms_client.post(url, {"action": "create", "language": "nl"})
    assert response.status_code == 400


def test_employee_cannot_open_language_versions(employee_client):
    story = story_page_factory(title="Nieuwe app", language="nl")
    response = employee_client.get(f"/cms/stories/{story.pk}/versions/")
    assert response.status_code in (302, 403)
    assert not StoryPage.objects.filter(slug__endswith="-en").exists()
    employee_client.post(
        f"/cms/stories/{story.pk}/versions/", {"action": "create", "language": "en"}
    )
    assert StoryPage.objects.count() == 1
