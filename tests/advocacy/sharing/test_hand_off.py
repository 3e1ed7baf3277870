"""A share counts when the post is handed off, once, and never on a mere submit."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from advocacy.sharing import analytics
from advocacy.sharing.hand_off import share_hand_off
from advocacy.sharing.models import PointEntry, Share, SharingSettings
from advocacy.sharing.points import points_total
from advocacy.sharing.services import share_create
from cms.models import StoryPage
from cms.services import story_share_count_set
from tests.advocacy.sharing.sharing_support import *  # noqa: F403
from tests.advocacy.sharing.sharing_support import DISCLOSURE
from tests.factories import ShareFactory, UserFactory, story_page_factory

pytestmark = pytest.mark.django_db

TEXT = f"Met the new service desk team today: impressive. {DISCLOSURE}"


def compose(client, story, network="x", text=TEXT):
    return client.post(
        f"/stories/{story.pk}/share/", {"network": network, "text": text}
    )


def hand_off_url(share) -> str:
    return f"/shares/{share.pk}/hand-off/"


def shared_by(story) -> int:
    return StoryPage.objects.get(pk=story.pk).share_count


def test_hand_off_three_submits_count_nothing(employee_client, employee, story):
    for _ in range(3):
        assert compose(employee_client, story).status_code == 302
    assert Share.objects.filter(user=employee).count() == 3  # prepared
    assert shared_by(story) == 0
    assert points_total(user=employee) == 0
    analytics.rollup_day(timezone.localdate())
    assert analytics.summary(analytics.Period.last_days(1)).rows[0][1] == 0
    impact = employee_client.get("/impact/")
    assert impact.context["totals"]["shares"] == 0
    assert impact.context["shares"] == []
    assert "Be the first to share this" in employee_client.get("/").text


def test_hand_off_counts_once_and_a_repeat_changes_nothing(
    employee_client, employee, story
):
    compose(employee_client, story)
    share = Share.objects.get()
    first = employee_client.post(
        hand_off_url(share), {"path": "share_sheet"}, HTTP_ACCEPT="application/json"
    )
    assert first.json() == {"counted": True, "path": "share_sheet"}
    share.refresh_from_db()
    handed_off_at = share.handed_off_at
    assert handed_off_at is not None

    again = employee_client.post(
        hand_off_url(share), {"path": "intent"}, HTTP_ACCEPT="application/json"
    )
    assert again.json() == {"counted": False, "path": "share_sheet"}
    share.refresh_from_db()
    assert (share.handed_off_at, share.hand_off) == (handed_off_at, "share_sheet")
    assert shared_by(story) == 1
    assert list(PointEntry.objects.values_list("kind", "amount")) == [("share", 10)]
    analytics.rollup_day(timezone.localdate())
    assert analytics.summary(analytics.Period.last_days(1)).rows[0][1] == 1
    assert employee_client.get("/impact/").context["totals"]["shares"] == 1


def test_hand_off_without_javascript_goes_to_the_network(employee_client, story):
    compose(employee_client, story)
    share = Share.objects.get()
    response = employee_client.post(hand_off_url(share), {"path": "intent"})
    assert response.status_code == 302
    assert response["Location"].startswith("https://x.com/intent/tweet?text=Met")
    copied = employee_client.post(hand_off_url(share), {"path": "copy"})
    assert copied["Location"] == f"/shares/{share.pk}/"
    share.refresh_from_db()
    assert share.hand_off == "intent"
    done = employee_client.get(f"/shares/{share.pk}/").text
    assert "Shared on X" in done


def test_hand_off_by_email_opens_the_mail_app(employee_client, story):
    compose(employee_client, story, network="email")
    share = Share.objects.get()
    response = employee_client.post(hand_off_url(share), {"path": "intent"})
    assert response.status_code == 302
    assert response["Location"].startswith("mailto:?subject=Our%20new%20service")


def test_hand_off_only_by_the_owner_with_a_post_and_a_token(
    employee_client, employee, story
):
    compose(employee_client, story)
    share = Share.objects.get()
    colleague = Client()
    colleague.force_login(UserFactory())
    assert colleague.post(hand_off_url(share), {"path": "intent"}).status_code == 404
    anonymous = Client().post(hand_off_url(share), {"path": "intent"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert employee_client.get(hand_off_url(share)).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(employee)
    assert strict.post(hand_off_url(share), {"path": "intent"}).status_code == 403
    bad = employee_client.post(
        hand_off_url(share), {"path": "carrier-pigeon"}, HTTP_ACCEPT="application/json"
    )
    assert bad.status_code == 400 and "path" in bad.json()["errors"]
    share.refresh_from_db()
    assert share.handed_off_at is None


def test_hand_off_shared_by_counts_people_not_posts(employee, story):
    for network in ("x", "x", "linkedin"):
        share = share_create(user=employee, story=story, network=network, text=TEXT)
        share_hand_off(user=employee, share_id=share.pk, path="intent")
    assert shared_by(story) == 1
    colleague = UserFactory()
    share = share_create(user=colleague, story=story, network="x", text=TEXT)
    assert shared_by(story) == 1  # prepared only
    share_hand_off(user=colleague, share_id=share.pk, path="copy")
    assert shared_by(story) == 2


def test_hand_off_points_once_per_person_story_and_network(employee, story):
    def shared(network, on=story):
        share = share_create(user=employee, story=on, network=network, text=TEXT)
        return share_hand_off(user=employee, share_id=share.pk, path="intent")

    assert shared("x").points.amount == 10
    assert shared("x").points is None  # the same story on X again
    assert shared("linkedin").points.amount == 10
    other = story_page_factory(title="Solar roofs", slug="solar")
    assert shared("x", on=other).points.amount == 10
    assert points_total(user=employee) == 30


def test_hand_off_points_stop_at_the_daily_cap(employee):
    config = SharingSettings.load()
    config.points_per_share = 10
    config.share_points_daily_cap = 25
    config.save()
    # Yesterday's points do not use up today's room.
    PointEntry.objects.create(
        user=employee,
        kind="share",
        amount=10,
        share=ShareFactory(user=employee),
        created_at=timezone.now() - timedelta(days=1),
    )
    amounts = []
    for n in range(4):
        story = story_page_factory(title=f"Story {n}", slug=f"story-{n}")
        share = share_create(user=employee, story=story, network="x", text=TEXT)
        result = share_hand_off(user=employee, share_id=share.pk, path="intent")
        amounts.append(result.points.amount if result.points else 0)
    assert amounts == [10, 10, 5, 0]
    assert points_total(user=employee) == 35


def test_hand_off_clicks_on_a_link_never_handed_off_earn_nothing(employee, story):
    from advocacy.sharing.models import ClickDaily
    from advocacy.sharing.points import points_award_clicks

    today = timezone.localdate()
    prepared = ShareFactory(user=employee, story=story, network="x", prepared=True)
    posted = ShareFactory(user=employee, story=story, network="linkedin")
    ClickDaily.objects.create(share=prepared, day=today, count=5)
    ClickDaily.objects.create(share=posted, day=today, count=3)
    points_award_clicks(days=[today])
    assert points_total(user=employee) == 3


def test_hand_off_daily_cap_is_a_setting_in_wagtail():
    from advocacy.sharing.models import SharingSettings

    field = SharingSettings._meta.get_field("share_points_daily_cap")
    assert field.default == 30
    panel_fields = {
        getattr(child, "field_name", None)
        for panel in SharingSettings.panels
        for child in panel.children
    }
    assert "share_points_daily_cap" in panel_fields


def test_hand_off_composer_answers_its_script_with_the_prepared_share(
    employee_client, story, settings
):
    response = compose(employee_client, story, network="linkedin")
    # A form post without the script's Accept header still gets the page flow.
    assert response.status_code == 302
    response = employee_client.post(
        f"/stories/{story.pk}/share/",
        {"network": "linkedin", "text": TEXT},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 201
    data = response.json()
    share = Share.objects.get(pk=data["share"])
    link = f"{settings.BOEGBEELD_SITE_URL}/s/{share.code}"
    assert data["hand_off_url"] == hand_off_url(share)
    assert data["done_url"] == f"/shares/{share.pk}/"
    assert data["link"] == link
    assert data["copy_first"] is True
    assert data["intent_url"].startswith("https://www.linkedin.com/sharing/")
    assert share.handed_off_at is None
    blocked = employee_client.post(
        f"/stories/{story.pk}/share/",
        {"network": "x", "text": "My BSN is 111222333."},
        HTTP_ACCEPT="application/json",
    )
    assert blocked.status_code == 400
    assert "text" in blocked.json()["errors"]


def test_hand_off_existing_shares_count_as_handed_off_after_the_migration(employee):
    migration = importlib.import_module("advocacy.migrations.0011_share_hand_off")
    story = story_page_factory(title="Older story", slug="older")
    colleague = UserFactory()
    made = timezone.now() - timedelta(days=3)
    for user in (employee, employee, colleague):
        ShareFactory(user=user, story=story, prepared=True, created_at=made)
    # 45 set by an import, plus one for each of the three shares made before.
    story_share_count_set(story_id=story.pk, count=48)

    migration.existing_shares_were_handed_off(apps, None)

    assert not Share.objects.filter(handed_off_at__isnull=True).exists()
    assert set(Share.objects.values_list("handed_off_at", flat=True)) == {made}
    assert shared_by(story) == 45 + 2
    migration.story_counts_back_to_shares(apps, None)
    assert shared_by(story) == 48
