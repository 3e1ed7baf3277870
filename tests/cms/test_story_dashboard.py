"""The Wagtail dashboard tells comms what changes in the library this week."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cms.wagtail_hooks import stories_this_week
from tests.factories import story_page_factory

pytestmark = pytest.mark.django_db


def test_stories_this_week_lists_scheduled_and_expiring_stories():
    now = timezone.now()
    scheduled = story_page_factory(title="Soon", go_live_at=now + timedelta(days=2))
    expiring = story_page_factory(title="Ending", expire_at=now + timedelta(days=3))
    story_page_factory(title="Later", go_live_at=now + timedelta(days=20))
    story_page_factory(title="Forever")

    week = stories_this_week()

    assert [story.pk for _when, story in week["going_live"]] == [scheduled.pk]
    assert [story.pk for _when, story in week["expiring"]] == [expiring.pk]


def test_dashboard_panel_shown_to_communications(client, comms_user):
    story_page_factory(title="Soon", go_live_at=timezone.now() + timedelta(days=1))
    client.force_login(comms_user)

    response = client.get("/cms/")

    assert response.status_code == 200
    assert b"Stories this week" in response.content
    assert b"Soon" in response.content


def test_campaign_snippet_listed_in_admin(client, comms_user):
    from django.contrib.auth.models import Permission

    from tests.factories import CampaignFactory

    CampaignFactory(name="Werken bij")
    comms_user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="cms", codename__endswith="campaign"
        )
    )
    client.force_login(comms_user)

    response = client.get("/cms/snippets/cms/campaign/")

    assert response.status_code == 200
    assert b"Werken bij" in response.content
