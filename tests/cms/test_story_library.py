"""The library on the home page: the right stories for the right employee."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from cms.selectors import stories_for_user
from cms.services import story_share_count_set
from tests.factories import CampaignFactory, story_page_factory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [h.get_text(strip=True) for h in soup.select(".story-card__title")]


def test_library_anonymous_visitor_sees_welcome_and_sign_in(client):
    story_page_factory(title="Only for colleagues")
    response = client.get("/")
    assert response.status_code == 200
    assert b"Sign in" in response.content
    assert titles(response) == []


def test_library_targets_stories_by_department_or_office(
    employee_client, sales, utrecht, eindhoven, it_department
):
    story_page_factory(title="For everyone")
    story_page_factory(title="For Utrecht", locations=[utrecht])
    story_page_factory(title="For Sales", departments=[sales])
    story_page_factory(
        title="Sales or Eindhoven", departments=[sales], locations=[eindhoven]
    )
    story_page_factory(title="Eindhoven only", locations=[eindhoven])
    story_page_factory(title="IT only", departments=[it_department])
    story_page_factory(
        title="IT or Eindhoven", departments=[it_department], locations=[eindhoven]
    )

    shown = set(titles(employee_client.get("/")))

    assert shown == {"For everyone", "For Utrecht", "For Sales", "Sales or Eindhoven"}


def test_library_employee_without_profile_details_sees_only_untargeted(
    client, eindhoven
):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    story_page_factory(title="For everyone")
    story_page_factory(title="Eindhoven only", locations=[eindhoven])
    assert titles(client.get("/")) == ["For everyone"]


def test_library_hides_scheduled_expired_and_draft_stories(employee_client):
    now = timezone.now()
    story_page_factory(title="Live")
    story_page_factory(title="Scheduled", go_live_at=now + timedelta(days=2))
    story_page_factory(title="Draft", publish=False)
    # Published, then its expiry passed before `publish_scheduled` ran.
    expired = story_page_factory(title="Expired", expire_at=now + timedelta(hours=1))
    type(expired).objects.filter(pk=expired.pk).update(
        expire_at=now - timedelta(minutes=1)
    )

    assert titles(employee_client.get("/")) == ["Live"]


def test_library_orders_featured_then_newest(employee_client):
    now = timezone.now()
    old = story_page_factory(title="Old")
    new = story_page_factory(title="New")
    story_page_factory(title="Featured", featured=True)
    type(old).objects.filter(pk=old.pk).update(
        first_published_at=now - timedelta(days=9)
    )
    type(new).objects.filter(pk=new.pk).update(
        first_published_at=now - timedelta(days=1)
    )

    assert titles(employee_client.get("/")) == ["Featured", "New", "Old"]


def test_library_search_finds_story_by_word_in_body(employee_client):
    story_page_factory(
        title="Bike ride",
        body=[{"type": "paragraph", "value": "<p>Six colleagues cycled to Paris.</p>"}],
    )
    story_page_factory(title="Something else")

    response = employee_client.get("/", {"q": "paris"})

    assert titles(response) == ["Bike ride"]


def test_library_filters_by_topic_campaign_and_network(employee_client):
    campaign = CampaignFactory(slug="werken-bij", name="Werken bij")
    story_page_factory(title="Tagged", topics=("sustainability",))
    story_page_factory(title="In campaign", campaign=campaign)
    story_page_factory(title="For Mastodon", suggestions=(("mastodon", "Boost!"),))

    assert titles(employee_client.get("/", {"topic": "sustainability"})) == ["Tagged"]
    assert titles(employee_client.get("/", {"campaign": "werken-bij"})) == [
        "In campaign"
    ]
    assert titles(employee_client.get("/", {"network": "mastodon"})) == ["For Mastodon"]


def test_library_card_shows_campaign_share_count_and_lazy_image(employee_client):
    from tests.factories import hero_image_factory

    campaign = CampaignFactory(name="Duurzaam doen", colour="#2A9D8F")
    story_page_factory(
        title="Green", campaign=campaign, hero_image=hero_image_factory("Wind farm")
    )
    story = type(campaign.stories.get()).objects.get(title="Green")
    story_share_count_set(story_id=story.pk, count=7)

    soup = BeautifulSoup(employee_client.get("/").content, "html.parser")
    card = soup.select_one(".story-card")
    assert card.select_one(".campaign-chip").get_text(strip=True) == "Duurzaam doen"
    assert "#2A9D8F" in card.select_one(".campaign-chip")["style"]
    assert "Shared by 7 colleagues" in card.get_text(" ", strip=True)
    img = card.select_one("img")
    assert img["loading"] == "lazy"
    assert img["alt"] == "Wind farm"
    assert "fill-640x360" in img["src"]


def test_library_empty_states_distinguish_no_stories_from_no_matches(employee_client):
    response = employee_client.get("/")
    assert b"No stories for you yet." in response.content

    story_page_factory(title="Something")
    response = employee_client.get("/", {"q": "nonexistentword"})
    assert b"Nothing matches your filters." in response.content
    assert b"Clear filters" in response.content


def test_library_paginates_twelve_per_page(employee_client):
    for number in range(14):
        story_page_factory(title=f"Story number {number}")

    first = employee_client.get("/")
    second = employee_client.get("/", {"page": 2})

    assert len(titles(first)) == 12
    assert len(titles(second)) == 2
    assert b'rel="next"' in first.content


def test_library_htmx_request_gets_only_the_results(employee_client):
    story_page_factory(title="Partial")

    response = employee_client.get("/", {"q": "partial"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b'id="library-results"' in response.content
    assert titles(response) == ["Partial"]
    assert "HX-Request" in response["Vary"]


def test_library_ignores_unknown_filter_values(employee_client):
    story_page_factory(title="Still here")
    response = employee_client.get("/", {"topic": "no-such-topic", "page": "x"})
    assert titles(response) == ["Still here"]


def test_stories_for_user_prefers_the_employee_language_after_featured(employee):
    story_page_factory(title="English", language="en")
    story_page_factory(title="Nederlands", language="nl")

    dutch_first = [s.title for s in stories_for_user(employee, language="nl")]
    english_first = [s.title for s in stories_for_user(employee, language="en")]

    assert dutch_first == ["Nederlands", "English"]
    assert english_first == ["English", "Nederlands"]


@pytest.mark.parametrize("count", [10, 200])
def test_library_query_count_does_not_grow_with_stories(
    employee_client, django_assert_max_num_queries, sales, count
):
    from cms.models import StoryPage
    from tests.factories import hero_image_factory

    image = hero_image_factory()
    campaigns = [CampaignFactory() for _ in range(5)]
    template = story_page_factory(
        title="Template",
        hero_image=image,
        campaign=campaigns[0],
        topics=("one", "two"),
        departments=[sales],
        suggestions=(("linkedin", "Hi"),),
    )
    # Copies are cheap, and exercise distinct campaigns, tags and audiences.
    for number in range(count - 1):
        template.copy(
            update_attrs={
                "title": f"Copy {number}",
                "slug": f"copy-{number}",
                "campaign": campaigns[number % 5],
            },
            keep_live=True,
        )
    assert StoryPage.objects.live().count() == count
    employee_client.get("/")  # renditions are generated once, on first view

    with django_assert_max_num_queries(15):
        response = employee_client.get("/")

    assert len(titles(response)) == min(count, 12)


def test_library_page_past_the_end_shows_the_last_page(employee_client):
    for number in range(13):
        story_page_factory(title=f"Story number {number}")

    response = employee_client.get("/", {"page": 9})

    assert len(titles(response)) == 1
    assert b"Page 2 of 2" in response.content


def result_count(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    count = soup.select_one(".result-count")
    return count.get_text(" ", strip=True) if count else ""


def test_library_shows_a_story_as_soon_as_it_is_published(employee_client):
    story_page_factory(title="First")
    assert titles(employee_client.get("/")) == ["First"]

    story_page_factory(title="Second")

    response = employee_client.get("/")
    assert titles(response) == ["Second", "First"]
    assert result_count(response).startswith("2 stories")


def test_library_drops_a_story_as_soon_as_it_is_unpublished(employee_client):
    story_page_factory(title="Stays")
    leaving = story_page_factory(title="Leaves")
    assert set(titles(employee_client.get("/"))) == {"Stays", "Leaves"}

    leaving.unpublish()

    response = employee_client.get("/")
    assert titles(response) == ["Stays"]
    assert result_count(response).startswith("1 story")


def test_library_follows_a_republished_audience_and_featured_flag(
    employee_client, eindhoven
):
    story_page_factory(title="Older")
    story = story_page_factory(title="Moves")
    assert titles(employee_client.get("/")) == ["Moves", "Older"]

    story.audience_locations = [eindhoven]
    story.save_revision().publish()
    assert titles(employee_client.get("/")) == ["Older"]

    story.audience_locations = []
    story.save_revision().publish()
    older = type(story).objects.get(title="Older")
    older.featured = True
    older.save_revision().publish()
    assert titles(employee_client.get("/")) == ["Older", "Moves"]


def test_library_cards_show_the_current_share_count(employee_client):
    story = story_page_factory(title="Popular")
    assert "Be the first to share this" in employee_client.get("/").text

    story_share_count_set(story_id=story.pk, count=3)

    assert "Shared by 3 colleagues" in employee_client.get("/").text


def test_library_drops_a_story_the_moment_it_expires(employee_client, monkeypatch):
    from django.core.cache import cache
    from django.utils import timezone as django_timezone

    import cms.selectors

    story_page_factory(title="Stays")
    now = timezone.now()
    story_page_factory(title="Expires", expire_at=now + timedelta(hours=1))
    timeouts = []
    real_set = cms.selectors.cache.set

    def recording_set(key, value, timeout=None, **kwargs):
        if key.startswith("cms:library-ids:"):
            timeouts.append(timeout)
        return real_set(key, value, timeout=timeout, **kwargs)

    monkeypatch.setattr(cms.selectors.cache, "set", recording_set)
    response = employee_client.get("/")
    assert set(titles(response)) == {"Stays", "Expires"}
    # The cached list lives at most until the expiry (or the usual maximum).
    assert timeouts and all(0 < t <= 3600 for t in timeouts)

    # The clock moves past the expiry, where the cached list has timed out.
    later = now + timedelta(hours=1, seconds=1)
    monkeypatch.setattr(django_timezone, "now", lambda: later)
    cache.clear()

    response = employee_client.get("/")
    assert titles(response) == ["Stays"]
    assert result_count(response).startswith("1 story")


def test_library_cards_never_show_an_expired_story_from_a_cached_list(
    employee_client, monkeypatch
):
    from django.utils import timezone as django_timezone

    story_page_factory(title="Stays")
    now = timezone.now()
    story_page_factory(title="Expires", expire_at=now + timedelta(hours=1))
    employee_client.get("/")  # caches the list with both stories
    later = now + timedelta(hours=1, seconds=1)
    monkeypatch.setattr(django_timezone, "now", lambda: later)
    assert titles(employee_client.get("/")) == ["Stays"]


def test_library_pages_follow_the_cached_order(employee_client):
    now = timezone.now()
    for number in range(14):
        story = story_page_factory(title=f"Story number {number}")
        type(story).objects.filter(pk=story.pk).update(
            first_published_at=now - timedelta(days=number)
        )

    first = titles(employee_client.get("/"))
    second = titles(employee_client.get("/", {"page": 2}))

    assert first + second == [f"Story number {n}" for n in range(14)]
