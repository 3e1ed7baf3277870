"""The demo seeds a library that tells the product's story."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from accounts.models import User
from cms.models import StoryPage
from cms.selectors import stories_for_user

pytestmark = pytest.mark.django_db


def test_seed_demo_stories_idempotent_and_targeted(client):
    call_command("seed_demo")
    call_command("seed_demo")

    assert StoryPage.objects.filter(slug="meelopen-met-monteurs-eindhoven").count() == 1
    assert StoryPage.objects.count() >= 12
    eva = User.objects.get(email="employee@example.com")
    visible = {story.slug for story in stories_for_user(eva)}
    assert "meelopen-met-monteurs-eindhoven" not in visible  # Eindhoven only
    assert "zomeractie-gratis-installatie" not in visible  # expired
    assert "open-dag-rotterdam" not in visible  # scheduled
    assert "salesteam-utrecht-goede-doel" in visible
    assert len(visible) >= 8

    client.force_login(eva)
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    # Two demo stories have a Dutch and an English version: one card each.
    assert len(soup.select(".story-card")) == len(visible) - 2
    hrefs = {a["href"] for a in soup.select(".story-card__link")}
    assert "/stories/customer-service-award/" in hrefs
    assert "/stories/klantenservice-wint-award/" not in hrefs
