"""Library cards: one-tap share buttons and "new since your last visit" marks."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from accounts.models import Profile
from accounts.services import VISIT_GAP
from cms.library import card_networks
from core import networks
from tests.factories import story_page_factory

pytestmark = pytest.mark.django_db


def cards(response) -> dict[str, BeautifulSoup]:
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        card.select_one(".story-card__title").get_text(strip=True): card
        for card in soup.select(".story-card")
    }


def share_links(card) -> list[tuple[str, str]]:
    return [(a["href"], a["aria-label"]) for a in card.select(".card-share")]


def test_card_share_buttons_follow_the_story_texts_without_a_profile_choice(
    employee_client,
):
    story = story_page_factory(
        title="Texts", suggestions=(("x", "Post on X"), ("linkedin", "Post"))
    )

    card = cards(employee_client.get("/"))["Texts"]

    assert share_links(card) == [
        (f"/stories/{story.pk}/share/?network=linkedin", "Share on LinkedIn"),
        (f"/stories/{story.pk}/share/?network=x", "Share on X"),
    ]


def test_card_without_texts_offers_the_registry_default(employee_client):
    story = story_page_factory(title="Bare")

    card = cards(employee_client.get("/"))["Bare"]

    assert share_links(card) == [
        (
            f"/stories/{story.pk}/share/?network={networks.DEFAULT}",
            f"Share on {networks.get(networks.DEFAULT).label}",
        )
    ]


def test_card_share_buttons_follow_the_profile_choice(employee_client, employee):
    story_page_factory(title="Texts", suggestions=(("x", "Post on X"),))
    Profile.objects.filter(user=employee).update(share_networks=["whatsapp", "email"])

    card = cards(employee_client.get("/", HTTP_ACCEPT_LANGUAGE="nl"))["Texts"]

    labels = [label for _href, label in share_links(card)]
    assert labels == ["Delen op WhatsApp", "Delen op E-mail"]
    # The icon of each network is in the vendored sprite.
    uses = [use["href"].rsplit("#", 1)[1] for use in card.select(".card-share use")]
    assert uses == ["whatsapp", "email"]


def test_card_networks_keep_the_registry_order_and_drop_unknown_codes():
    assert card_networks(["email", "gone", "x"], {"linkedin"}) == ["x", "email"]
    assert card_networks([], {"bluesky", "x"}) == ["x", "bluesky"]
    assert card_networks([], set()) == [networks.DEFAULT]


def test_first_visit_marks_nothing_new(employee_client):
    story_page_factory(title="Old news")

    card = cards(employee_client.get("/"))["Old news"]

    assert card.select(".new-chip") == []


def test_new_marks_appear_for_stories_live_since_the_last_visit_and_go_after_one(
    employee_client, employee
):
    now = timezone.now()
    old = story_page_factory(title="Seen before")
    fresh = story_page_factory(title="Fresh")
    type(old).objects.filter(pk=old.pk).update(
        first_published_at=now - timedelta(days=2)
    )
    type(fresh).objects.filter(pk=fresh.pk).update(
        first_published_at=now - timedelta(hours=1)
    )
    employee_client.get("/")  # the very first visit marks nothing
    # ... and say it was three hours ago.
    Profile.objects.filter(user=employee).update(
        library_seen_at=now - timedelta(hours=3)
    )

    shown = cards(employee_client.get("/"))
    assert shown["Fresh"].select_one(".new-chip").get_text(" ", strip=True) == (
        "New since your last visit"
    )
    assert shown["Seen before"].select(".new-chip") == []

    # Filtering during the same visit keeps the marks.
    again = cards(employee_client.get("/", {"q": "Fresh"}))
    assert again["Fresh"].select(".new-chip")

    # The next visit, after a pause: what was new then is not any more.
    Profile.objects.filter(user=employee).update(
        library_seen_at=now - VISIT_GAP - timedelta(minutes=1)
    )
    later = cards(employee_client.get("/"))
    assert later["Fresh"].select(".new-chip") == []


def test_scheduled_story_counts_as_new_from_its_go_live_time(employee_client, employee):
    now = timezone.now()
    story = story_page_factory(title="Scheduled")
    type(story).objects.filter(pk=story.pk).update(
        first_published_at=now - timedelta(days=3),
        go_live_at=now - timedelta(minutes=10),
    )
    Profile.objects.filter(user=employee).update(
        library_seen_at=now - timedelta(days=1)
    )

    assert cards(employee_client.get("/"))["Scheduled"].select(".new-chip")
