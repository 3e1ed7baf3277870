"""Tracked links: `/s/<code>` redirects by contract and never anywhere else."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from advocacy.sharing import links
from advocacy.sharing.links import CODE_RE, link_code_new, utm_url
from cms.models import StoryPage
from tests.advocacy.sharing.sharing_support import *  # noqa: F403
from tests.factories import ShareFactory, story_page_factory

pytestmark = pytest.mark.django_db


def test_utm_url_sets_exactly_the_three_parameters():
    url = utm_url(
        "https://example.org/stories/a/?utm_source=old&ref=1#top",
        source="x",
        campaign="werken-bij",
    )
    parts = urlsplit(url)
    assert parse_qs(parts.query) == {
        "ref": ["1"],
        "utm_source": ["x"],
        "utm_medium": ["employee-advocacy"],
        "utm_campaign": ["werken-bij"],
    }
    assert parts.fragment == "top"


def test_link_code_is_eight_url_safe_random_characters():
    codes = {link_code_new() for _ in range(500)}
    assert len(codes) == 500
    assert all(CODE_RE.fullmatch(code) for code in codes)


def test_tracked_link_redirects_to_the_story_with_utm_by_contract(
    link_client, story, db_clicks
):
    share = ShareFactory(story=story, network="linkedin", code="Abc12345")
    response = link_client.get("/s/Abc12345")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == "/stories/new-service-desk/"
    assert parse_qs(target.query) == {
        "utm_source": ["linkedin"],
        "utm_medium": ["employee-advocacy"],
        "utm_campaign": ["werken-bij"],
    }
    assert response["Location"].startswith(story.get_full_url())
    assert response["Cache-Control"] == "no-store"
    assert share.pk


def test_tracked_link_without_campaign_uses_the_story_slug(link_client, db_clicks):
    story = story_page_factory(slug="no-campaign-story")
    ShareFactory(story=story, network="x", code="Xyz98765")
    response = link_client.get("/s/Xyz98765")
    assert parse_qs(urlsplit(response["Location"]).query)["utm_campaign"] == [
        "no-campaign-story"
    ]
    assert parse_qs(urlsplit(response["Location"]).query)["utm_source"] == ["x"]


@pytest.mark.parametrize(
    "path",
    [
        "/s/x?next=https://evil.example",
        "/s/Zzzzzzzz?next=https://evil.example",
        "/s/Zzzzzzzz",
        "/s/abc",
        "/s/abcdefghi",
    ],
)
def test_unknown_code_is_a_friendly_404_and_never_a_redirect(link_client, path):
    response = link_client.get(path)
    assert response.status_code == 404
    assert "Location" not in response
    assert 'href="https://evil' not in response.content.decode()
    assert "This link does not lead anywhere" in response.content.decode()


def test_slashes_in_a_code_never_reach_the_redirect(link_client):
    response = link_client.get("/s/%2F%2Fevil.example")
    assert response.status_code == 404
    assert "Location" not in response


def test_query_string_never_changes_the_target(link_client, story, db_clicks):
    ShareFactory(story=story, code="Abc12345")
    response = link_client.get(
        "/s/Abc12345?next=https://evil.example&url=//evil.example"
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"]


def test_expired_story_link_is_gone(link_client, story, db_clicks):
    ShareFactory(story=story, code="Abc12345")
    StoryPage.objects.filter(pk=story.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    response = link_client.get("/s/Abc12345")
    assert response.status_code == 410
    assert "no longer available" in response.content.decode()


def test_unpublished_story_link_is_gone(link_client, story, db_clicks):
    ShareFactory(story=story, code="Abc12345")
    story.unpublish()
    assert link_client.get("/s/Abc12345").status_code == 410


def test_resolve_costs_one_query(story, django_assert_max_num_queries):
    ShareFactory(story=story, code="Abc12345")
    links.tracked_link_resolve("Abc12345")  # warms Wagtail's site root cache
    with django_assert_max_num_queries(1):
        target = links.tracked_link_resolve("Abc12345")
    assert target.url.startswith(story.get_full_url())


def test_a_cached_link_still_expires_on_time(story, settings):
    settings.BOEGBEELD_LINK_CACHE_SECONDS = 60
    expires = timezone.now() + timedelta(minutes=1)
    StoryPage.objects.filter(pk=story.pk).update(expire_at=expires)
    ShareFactory(story=story, code="Abc12345")
    assert links.tracked_link_resolve("Abc12345").url
    later = expires + timedelta(seconds=1)
    assert links.tracked_link_resolve("Abc12345", now=later).url is None
