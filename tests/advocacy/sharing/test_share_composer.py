"""The share composer: check on the server, prepare the share, hand over the intent."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from advocacy.guidelines.models import GuidelineDismissal
from advocacy.sharing.hand_off import share_hand_off
from advocacy.sharing.models import PointEntry, Share, SharingSettings
from advocacy.sharing.services import share_create
from cms.models import StoryPage
from tests.advocacy.sharing.sharing_support import *  # noqa: F403
from tests.advocacy.sharing.sharing_support import DISCLOSURE
from tests.factories import (
    DepartmentFactory,
    ShareFactory,
    UserFactory,
    story_page_factory,
)

pytestmark = pytest.mark.django_db

BSN = "111222333"


def compose_url(story) -> str:
    return f"/stories/{story.pk}/share/"


def post_share(client, story, text, network="x", dismissed=""):
    return client.post(
        compose_url(story), {"network": network, "text": text, "dismissed": dismissed}
    )


def test_composer_starts_from_the_networks_suggestion(employee_client, story):
    response = employee_client.get(compose_url(story) + "?network=x")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Our new service desk is live! Proud of this team." in html
    assert "data-guideline-composer" in html
    assert 'data-dismiss-url="/api/v1/guidelines/dismissals"' in html
    assert 'data-promotional="true"' in html  # sharing on X earns points
    assert "data-composer-dismissed" in html
    assert 'value="x" selected' in html


def test_composer_without_a_suggestion_starts_from_the_intro(employee_client, story):
    response = employee_client.get(compose_url(story) + "?network=bluesky")
    assert "Meet the people behind our new service desk." in response.content.decode()


def test_composer_is_not_promotional_where_no_points_are_given(employee_client, story):
    config = SharingSettings.load()
    config.unrewarded_networks = ["x"]
    config.save()
    response = employee_client.get(compose_url(story) + "?network=x")
    assert 'data-promotional="false"' in response.content.decode()


def test_composer_requires_login(client, story):
    response = client.get(compose_url(story))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_composer_hides_stories_not_aimed_at_the_employee(employee_client):
    other = story_page_factory(departments=[DepartmentFactory(slug="it", name="IT")])
    assert employee_client.get(compose_url(other)).status_code == 404
    draft = story_page_factory(publish=False)
    assert employee_client.get(compose_url(draft)).status_code == 404
    assert post_share(employee_client, draft, "Hello " + DISCLOSURE).status_code == 404
    assert not Share.objects.exists()


def test_blocked_text_cannot_be_shared_even_bypassing_the_browser(
    employee_client, story
):
    response = post_share(employee_client, story, f"My BSN is {BSN}. {DISCLOSURE}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "This post cannot be shared yet" in html
    assert "BSN" in html
    assert not Share.objects.exists()
    assert StoryPage.objects.get(pk=story.pk).share_count == 0


def test_rewarded_share_without_disclosure_is_blocked(employee_client, story):
    response = post_share(employee_client, story, "Proud of this team!")
    assert response.status_code == 200
    assert not Share.objects.exists()


def test_unrewarded_network_needs_no_disclosure(employee_client, story):
    config = SharingSettings.load()
    config.unrewarded_networks = ["x"]
    config.save()
    response = post_share(employee_client, story, "Proud of this team, have a look.")
    assert response.status_code == 302
    share = Share.objects.get()
    assert not PointEntry.objects.filter(share=share).exists()


def test_share_is_prepared_but_not_counted_until_handed_off(
    employee_client, employee, story
):
    text = f"Our service desk team rocks — come and see. {DISCLOSURE}"
    response = post_share(employee_client, story, text)
    share = Share.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/shares/{share.pk}/"
    assert share.user == employee
    assert share.story_id == story.pk
    assert share.network == "x"
    assert share.text == text
    assert len(share.code) == 8
    assert share.guideline_report["counts"]["block"] == 0
    assert share.department.slug == "sales"
    assert share.location.slug == "utrecht"
    assert share.campaign.slug == "werken-bij"
    assert share.handed_off_at is None
    assert StoryPage.objects.get(pk=story.pk).share_count == 0
    assert not PointEntry.objects.exists()

    response = employee_client.post(f"/shares/{share.pk}/hand-off/", {"path": "x"})
    assert response.status_code == 400  # not a way to share
    employee_client.post(f"/shares/{share.pk}/hand-off/", {"path": "intent"})
    share.refresh_from_db()
    assert share.handed_off_at is not None and share.hand_off == "intent"
    assert StoryPage.objects.get(pk=story.pk).share_count == 1
    entry = PointEntry.objects.get(share=share)
    assert (entry.kind, entry.amount, entry.user) == ("share", 10, employee)


def test_share_count_uses_an_update_not_a_page_save(employee, story):
    stale = StoryPage.objects.get(pk=story.pk)
    for user in (employee, UserFactory()):
        share = share_create(
            user=user, story=story, network="x", text=f"Look! {DISCLOSURE}"
        )
        share_hand_off(user=user, share_id=share.pk, path="intent")
    stale.title = "Edited while people shared"
    stale.save_revision().publish()
    assert StoryPage.objects.get(pk=story.pk).share_count == 2


def test_only_real_warnings_are_kept_as_dismissed(employee_client, story):
    text = f"WE ARE THE BEST TEAM IN TOWN AND WE KNOW IT. {DISCLOSURE}"
    dismissed = json.dumps(
        [
            {"rule": "Tone.Shouting", "match": "", "reason": "It is a slogan."},
            {"rule": "PII.BSN", "match": BSN, "reason": "trust me"},
            {"rule": "Made.Up", "match": "x", "reason": "whatever"},
            {"rule": "Tone.Shouting", "match": "", "reason": "x"},
        ]
    )
    check = employee_client.post(
        "/api/v1/guidelines/check",
        {"text": text, "network": "x", "promotional": True},
        content_type="application/json",
    ).json()
    rules = {f["rule"] for f in check["findings"] if f["suppressible"]}
    assert "Tone.Shouting" in rules
    matches = [f["match"] for f in check["findings"] if f["rule"] == "Tone.Shouting"]
    payload = json.loads(dismissed)
    payload[0]["match"] = matches[0]
    response = post_share(employee_client, story, text, dismissed=json.dumps(payload))
    assert response.status_code == 302
    share = Share.objects.get()
    assert share.dismissed_warnings == [
        {"rule": "Tone.Shouting", "match": matches[0], "reason": "It is a slogan."}
    ]
    assert "Tone.Shouting" in share.guideline_report["rules"]
    assert GuidelineDismissal.objects.count() == 0  # the widget's API records those


def test_confirmation_offers_the_intent_with_text_and_tracked_link(
    employee_client, story, settings
):
    text = f"Trots op R&D 🎉 #1\nKijk maar. {DISCLOSURE}"
    post_share(employee_client, story, text)
    share = Share.objects.get()
    response = employee_client.get(f"/shares/{share.pk}/")
    assert response.status_code == 200
    intent = response.context["outcome"].intent
    link = f"{settings.BOEGBEELD_SITE_URL}/s/{share.code}"
    assert parse_qs(urlsplit(intent.url).query) == {"text": [text], "url": [link]}
    html = response.content.decode()
    assert "Open X" in html
    assert f'action="/shares/{share.pk}/hand-off/"' in html
    assert link in html
    # The button is a form: opening X counts the share, then goes there.
    opened = employee_client.post(f"/shares/{share.pk}/hand-off/", {"path": "intent"})
    assert opened.status_code == 302
    assert opened["Location"] == intent.url


def test_confirmation_of_someone_elses_share_is_not_found(employee_client, story):
    share = ShareFactory(story=story)
    assert employee_client.get(f"/shares/{share.pk}/").status_code == 404


def test_linkedin_confirmation_says_the_text_is_copied(employee_client, story):
    post_share(employee_client, story, f"Great team. {DISCLOSURE}", network="linkedin")
    share = Share.objects.get()
    html = employee_client.get(f"/shares/{share.pk}/").content.decode()
    assert "only takes the link" in html
    assert "data-copy-first" in html


def test_mastodon_needs_the_employees_instance(employee_client, employee, story):
    response = post_share(
        employee_client, story, f"Hello fediverse. {DISCLOSURE}", network="mastodon"
    )
    assert response.status_code == 200
    assert "Mastodon server" in response.content.decode()
    assert not Share.objects.exists()

    employee.profile.mastodon_instance = "@eva@fosstodon.org"
    employee.profile.save()
    response = post_share(
        employee_client, story, f"Hello fediverse. {DISCLOSURE}", network="mastodon"
    )
    share = Share.objects.get()
    intent = employee_client.get(f"/shares/{share.pk}/").context["outcome"].intent
    assert intent.url.startswith("https://fosstodon.org/share?text=Hello%20fediverse.")


def test_copying_the_suggestion_gets_a_friendly_nudge(employee_client, story):
    text = f"Our new service desk is live! Proud of this team. {DISCLOSURE}"
    post_share(employee_client, story, text)
    share = Share.objects.get()
    assert share.nudge == "suggestion"
    html = employee_client.get(f"/shares/{share.pk}/").content.decode()
    assert "almost) the suggested text" in html


def test_posting_what_five_colleagues_posted_gets_a_nudge(employee, story):
    text = f"Fantastic colleagues at the new desk, so proud. {DISCLOSURE}"
    for n in range(5):
        colleague = UserFactory()
        posted = share_create(
            user=colleague, story=story, network="x", text=text + "!" * n
        )
        share_hand_off(user=colleague, share_id=posted.pk, path="intent")
    # Texts prepared but never posted are not what colleagues posted.
    share_create(user=UserFactory(), story=story, network="x", text=text)
    share = share_create(user=employee, story=story, network="x", text=text)
    assert share.nudge == "colleagues"
    own = share_create(
        user=employee,
        story=story,
        network="x",
        text=f"My first week at the desk taught me what customers need. {DISCLOSURE}",
    )
    assert own.nudge == ""


def test_nudge_endpoint_answers_the_composer(employee_client, story):
    url = f"/stories/{story.pk}/share/nudge/"
    copied = employee_client.post(
        url,
        {"text": "Our new service desk is live! Proud of this team.", "network": "x"},
        content_type="application/json",
    ).json()
    assert copied["nudge"]
    own = employee_client.post(
        url,
        {"text": "Spent a day with the desk team — I learnt a lot.", "network": "x"},
        content_type="application/json",
    ).json()
    assert own["nudge"] is None


def test_code_collisions_are_retried(employee, story, monkeypatch):
    ShareFactory(story=story, code="Taken123")
    codes = iter(["Taken123", "Taken123", "Fresh456"])
    monkeypatch.setattr("advocacy.sharing.links.link_code_new", lambda: next(codes))
    share = share_create(
        user=employee, story=story, network="x", text=f"Hi {DISCLOSURE}"
    )
    assert share.code == "Fresh456"
