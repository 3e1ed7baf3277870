"""The public story page: the URL employees share."""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from cms.models import StoryPage
from tests.factories import hero_image_factory, story_page_factory

pytestmark = pytest.mark.django_db


def meta(soup: BeautifulSoup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find(
        "meta", attrs={"name": key}
    )
    return tag["content"] if tag else None


def test_story_page_anonymous_visitor_can_read_published_story(client):
    story = story_page_factory(
        title="Cycling to Paris",
        body=[{"type": "paragraph", "value": "<p>Six colleagues, 500 km.</p>"}],
    )
    response = client.get(story.url)
    assert response.status_code == 200
    assert b"Six colleagues, 500 km." in response.content


def test_story_page_has_absolute_open_graph_and_twitter_tags(client):
    story = story_page_factory(
        title="Cycling to Paris",
        intro="Six colleagues raised money for charity.",
        language="nl",
        hero_image=hero_image_factory("Cyclists at the Eiffel tower"),
    )

    soup = BeautifulSoup(client.get(story.url).content, "html.parser")

    assert meta(soup, "og:title") == "Cycling to Paris"
    assert meta(soup, "og:description") == "Six colleagues raised money for charity."
    assert meta(soup, "og:type") == "article"
    assert meta(soup, "og:locale") == "nl_NL"
    assert meta(soup, "twitter:card") == "summary_large_image"
    og_url = meta(soup, "og:url")
    assert og_url == story.full_url
    assert soup.find("link", rel="canonical")["href"] == og_url
    image_url = urlparse(meta(soup, "og:image"))
    assert image_url.scheme in {"http", "https"} and image_url.netloc
    assert "fill-1200x630" in image_url.path
    assert meta(soup, "og:image:width") == "1200"
    assert meta(soup, "og:image:height") == "630"
    assert meta(soup, "twitter:image") == meta(soup, "og:image")
    for key in ("og:url", "og:image"):
        assert urlparse(meta(soup, key)).scheme in {"http", "https"}


def test_story_page_og_locale_follows_story_language(client):
    story = story_page_factory(language="en")
    soup = BeautifulSoup(client.get(story.url).content, "html.parser")
    assert meta(soup, "og:locale") == "en_GB"
    assert soup.find("article")["lang"] == "en"


def test_story_page_draft_is_not_found_for_employee(employee_client):
    draft = story_page_factory(title="Secret plan", publish=False)
    assert employee_client.get("/stories/" + draft.slug + "/").status_code == 404


def test_story_page_preview_and_admin_refused_for_employee(employee_client):
    draft = story_page_factory(title="Secret plan", publish=False)
    for url in (
        f"/cms/pages/{draft.pk}/edit/preview/",
        f"/cms/pages/{draft.pk}/view_draft/",
        f"/cms/pages/{draft.pk}/edit/",
    ):
        response = employee_client.get(url)
        assert response.status_code in {302, 403}, url
        assert b"Secret plan" not in response.content
        if response.status_code == 302:
            assert (
                "/cms/" not in response["Location"] or "login" in response["Location"]
            )


def test_story_page_expired_story_is_not_found(client):
    story = story_page_factory(expire_at=timezone.now() + timedelta(hours=1))
    StoryPage.objects.filter(pk=story.pk).update(
        expire_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(story.url).status_code == 404


def test_story_page_shows_share_texts_to_employees_only(client, employee):
    story = story_page_factory(suggestions=(("linkedin", "Proud of my team!"),))

    assert b"Proud of my team!" not in client.get(story.url).content
    client.force_login(employee)
    assert b"Proud of my team!" in client.get(story.url).content


def test_story_index_page_sends_visitors_to_the_library(client):
    story = story_page_factory()
    response = client.get(story.get_parent().url)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_story_page_offers_share_only_to_its_audience(
    employee_client, it_department, eindhoven
):
    """Outside the audience the composer is a 404: the page must not offer it."""
    story = story_page_factory(
        title="IT in Eindhoven", departments=[it_department], locations=[eindhoven]
    )
    compose_url = f"/stories/{story.pk}/share/"

    soup = BeautifulSoup(employee_client.get(story.url).content, "html.parser")

    assert employee_client.get(compose_url).status_code == 404
    assert not soup.select(f'a[href^="{compose_url}"]')
    closed = soup.select_one("[data-share-closed]")
    assert closed is not None
    assert "other departments or locations" in closed.get_text()


def test_story_page_share_button_leads_to_the_composer(employee_client, sales):
    story = story_page_factory(title="Sales wins", departments=[sales])

    soup = BeautifulSoup(employee_client.get(story.url).content, "html.parser")

    button = soup.select_one(".story-share-cta a")
    assert button is not None
    assert employee_client.get(button["href"]).status_code == 200
    assert soup.select_one("[data-share-closed]") is None
