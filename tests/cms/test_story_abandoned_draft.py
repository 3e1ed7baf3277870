"""An abandoned new-story form must not block the next try.

Wagtail 8 autosaves the create form: as soon as a title is typed it saves a real
draft page (required fields deferred) with the slug taken from the title. An editor
who leaves the form leaves that draft; the next story with the same title then failed
with "The slug ... is already in use", on the Promote tab, out of sight.
"""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from accounts import roles
from cms.models import StoryPage
from tests.factories import UserFactory, story_index_page_factory, story_page_factory

pytestmark = pytest.mark.django_db


def story_form(title: str, slug: str, **extra) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "Meet the team.",
            "body": streamfield([]),
            "language": "en",
            "share_texts": inline_formset([]),
            **extra,
        }
    )


@pytest.fixture
def comms_client(client):
    client.force_login(UserFactory(roles=(roles.COMMUNICATIONS,)))
    return client


def test_second_try_after_an_abandoned_autosaved_draft_saves(comms_client):
    index = story_index_page_factory()
    add_url = f"/cms/pages/add/cms/storypage/{index.pk}/"
    # The editor types a title; the autosave (a JSON request) creates a draft.
    autosave = comms_client.post(
        add_url,
        {**story_form("Our new desk", "our-new-desk"), "intro": ""},
        HTTP_ACCEPT="application/json",
    )
    assert autosave.json()["success"] is True
    # ... and leaves. The next try, with the same title, saves too.
    response = comms_client.post(add_url, story_form("Our new desk", "our-new-desk"))
    assert response.status_code == 302, response.context["form"].errors
    assert StoryPage.objects.filter(title="Our new desk").count() == 2
    assert StoryPage.objects.filter(slug="our-new-desk").count() == 1


def test_autosave_returns_the_free_slug_to_the_open_form(comms_client):
    index = story_index_page_factory()
    story_page_factory(parent=index, title="Our new desk", slug="our-new-desk")
    response = comms_client.post(
        f"/cms/pages/add/cms/storypage/{index.pk}/",
        story_form("Our new desk", "our-new-desk"),
        HTTP_ACCEPT="application/json",
    )
    body = response.json()
    assert body["success"] is True
    assert body["field_updates"]["slug"] == "our-new-desk-1"


def test_a_published_story_keeps_its_slug_rule(comms_client):
    index = story_index_page_factory()
    story_page_factory(parent=index, title="Taken", slug="taken")
    live = story_page_factory(parent=index, title="Live one", slug="live-one")
    response = comms_client.post(
        f"/cms/pages/{live.pk}/edit/",
        {**story_form("Live one", "taken"), "action-publish": "publish"},
    )
    assert response.status_code == 200
    assert "already in use" in response.content.decode()
