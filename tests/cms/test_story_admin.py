"""Comms staff create the page tree through the Wagtail admin."""

import pytest
from wagtail.models import Page, PageLogEntry
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from accounts import roles
from cms.models import HomePage, StoryIndexPage, StoryPage
from tests.factories import (
    CampaignFactory,
    DepartmentFactory,
    LocationFactory,
    UserFactory,
    story_index_page_factory,
)


class StoryPageAdminTests(WagtailPageTestCase):
    def setUp(self):
        self.comms = UserFactory(roles=(roles.COMMUNICATIONS,))
        self.client.force_login(self.comms)
        self.home = HomePage.objects.get()

    def test_page_tree_allows_only_index_under_home_and_stories_under_index(self):
        self.assertAllowedSubpageTypes(HomePage, {StoryIndexPage})
        self.assertAllowedSubpageTypes(StoryIndexPage, {StoryPage})
        self.assertAllowedParentPageTypes(StoryPage, {StoryIndexPage})
        self.assertCanNotCreateAt(HomePage, StoryPage)

    def test_story_index_page_created_by_communications(self):
        self.assertCanCreate(
            self.home,
            StoryIndexPage,
            nested_form_data({"title": "Stories", "slug": "stories"}),
        )
        assert StoryIndexPage.objects.get().live

    def test_story_page_created_by_communications_with_all_fields(self):
        index = story_index_page_factory()
        campaign = CampaignFactory(name="Werken bij", slug="werken-bij")
        sales = DepartmentFactory(slug="sales")
        utrecht = LocationFactory(slug="utrecht")
        data = nested_form_data(
            {
                "title": "We are hiring in Utrecht",
                "slug": "hiring-utrecht",
                "intro": "Our Utrecht team is growing.",
                "body": streamfield(
                    [
                        ("paragraph", rich_text("<p>Join the friendliest team.</p>")),
                        ("quote", {"text": "Best job ever.", "attribution": "Eva"}),
                        (
                            "call_to_action",
                            {
                                "heading": "Apply now",
                                "text": "",
                                "button_label": "See the vacancy",
                                "url": "https://example.com/jobs/1",
                            },
                        ),
                    ]
                ),
                "topics": "vacancy, working here",
                "campaign": str(campaign.pk),
                "language": "en",
                "featured": "on",
                "promotional": "on",
                "audience_departments": [str(sales.pk)],
                "audience_locations": [str(utrecht.pk)],
                "share_texts": inline_formset(
                    [
                        {
                            "network": "linkedin",
                            "text": "Come and work with me!",
                            "hashtags": "#hiring",
                        }
                    ]
                ),
            }
        )
        # nested_form_data joins list values into keys; multi-selects need lists.
        data["audience_departments"] = [str(sales.pk)]
        data["audience_locations"] = [str(utrecht.pk)]

        self.assertCanCreate(index, StoryPage, data)

        story = StoryPage.objects.get(slug="hiring-utrecht")
        assert story.live
        assert story.campaign == campaign
        assert story.featured and story.promotional
        assert set(story.topics.names()) == {"vacancy", "working here"}
        assert list(story.audience_departments.all()) == [sales]
        assert list(story.audience_locations.all()) == [utrecht]
        assert [block.block_type for block in story.body] == [
            "paragraph",
            "quote",
            "call_to_action",
        ]
        suggestion = story.share_text_for("linkedin")
        assert suggestion.text == "Come and work with me!"
        assert suggestion.hashtag_list == ["#hiring"]
        # Wagtail's own audit log and revisions record the work.
        assert story.revisions.count() == 1
        assert PageLogEntry.objects.filter(
            page=story, action="wagtail.publish"
        ).exists()

    def test_story_page_cannot_be_created_by_an_employee(self):
        index = story_index_page_factory()
        self.client.force_login(UserFactory())
        response = self.client.get(
            f"/cms/pages/add/cms/storypage/{index.pk}/", follow=False
        )
        assert response.status_code in {302, 403}
        assert not StoryPage.objects.exists()


@pytest.mark.django_db
def test_workflow_review_by_communications_applies_to_stories():
    story_index_page_factory()
    index = StoryIndexPage.objects.get()
    workflow = index.get_workflow()
    assert workflow.name == "Review by Communications"
    task = workflow.tasks.get().specific
    assert [group.name for group in task.groups.all()] == [roles.COMMUNICATIONS]
    assert Page.get_first_root_node().get_workflow() == workflow
