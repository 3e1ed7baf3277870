"""Small behaviours of the story models."""

import pytest

from cms.models import Campaign, StoryPage
from cms.services import story_share_count_set
from tests.factories import story_page_factory

pytestmark = pytest.mark.django_db


def test_share_text_for_returns_the_network_text():
    story = story_page_factory(
        suggestions=(("linkedin", "For LinkedIn"), ("x", "For X"))
    )
    suggestion = story.share_text_for("x")
    assert suggestion.text == "For X"
    assert not suggestion.is_fallback


def test_share_text_for_falls_back_to_intro_and_url():
    story = story_page_factory(intro="Worth a read.")
    suggestion = story.share_text_for("bluesky")
    assert suggestion.is_fallback
    assert suggestion.network == "bluesky"
    assert suggestion.text == f"Worth a read.\n\n{story.full_url}"


def test_share_count_survives_publishing_an_older_draft():
    story = story_page_factory()
    draft = story.save_revision()
    story_share_count_set(story_id=story.pk, count=5)

    draft.publish()

    assert StoryPage.objects.get(pk=story.pk).share_count == 5


def test_share_count_is_not_in_the_admin_form():
    form_class = StoryPage.get_edit_handler().get_form_class()
    assert "share_count" not in form_class.base_fields
    assert "promotional" in form_class.base_fields


@pytest.mark.parametrize(
    ("colour", "ink"), [("#FFFFFF", "#14213d"), ("#0B5FFF", "#ffffff")]
)
def test_campaign_text_colour_contrasts_with_chip(colour, ink):
    assert Campaign(colour=colour).text_colour == ink


def test_campaign_cannot_end_before_it_starts():
    from datetime import date

    from django.core.exceptions import ValidationError

    campaign = Campaign(
        name="X", slug="x", start_date=date(2026, 3, 1), end_date=date(2026, 2, 1)
    )
    with pytest.raises(ValidationError):
        campaign.full_clean()


def test_story_edit_publish_keeps_topics_audiences_and_suggestions(utrecht):
    from cms.models import ShareText

    story = story_page_factory(topics=("old",))
    story.topics.set(["new", "fresh"])
    story.audience_locations = [utrecht]
    story.share_texts = [ShareText(network="email", text="Read this")]
    story.save_revision().publish()

    story = StoryPage.objects.get(pk=story.pk)
    assert set(story.topics.names()) == {"new", "fresh"}
    assert list(story.audience_locations.all()) == [utrecht]
    assert story.share_text_for("email").text == "Read this"
