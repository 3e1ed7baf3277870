"""Nobody misses a suggestion: reviewers are told, the suggester hears it went live,
the draft says each thing once and credits the colleague whose idea it was."""

import pytest
from django.core import mail
from django.test import Client
from wagtail.models import PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from advocacy.suggestions.models import Suggestion
from advocacy.suggestions.services import (
    LOG_ACTION_ACCEPTED,
    suggestion_accept,
    suggestion_ask,
)
from cms.models import StoryPage
from tests.factories import (
    SuggestionFactory,
    UserFactory,
    story_index_page_factory,
    suggestion_reviewer_factory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def index_page():
    return story_index_page_factory()


@pytest.fixture
def reviewer():
    user = suggestion_reviewer_factory(
        email="chris@example.com", first_name="Chris", last_name="Jansen"
    )
    user.profile.preferred_language = "nl"
    user.profile.save()
    return user


@pytest.fixture
def english_reviewer():
    user = suggestion_reviewer_factory(email="sam@example.com", first_name="Sam")
    user.profile.preferred_language = "en"
    user.profile.save()
    return user


@pytest.fixture
def suggester():
    user = UserFactory(email="eva@example.com", first_name="Eva", last_name="Vries")
    user.profile.display_name = "Eva de Vries"
    user.profile.preferred_language = "en"
    user.profile.save()
    return user


@pytest.fixture
def suggester_client(suggester):
    client = Client()
    client.force_login(suggester)
    return client


def mails_to(user) -> list:
    return [m for m in mail.outbox if user.email in m.to]


# --- reviewers are told -----------------------------------------------------------
def test_suggestion_create_mails_each_reviewer_in_their_language(
    reviewer,
    english_reviewer,
    suggester_client,
    suggester,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = suggester_client.post(
            "/suggest/",
            {"title": "Happy customers", "text": "Three customers thanked us."},
        )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()

    (dutch,) = mails_to(reviewer)
    assert "Nieuwe verhaalsuggestie van Eva de Vries" in dutch.subject
    assert dutch.extra_headers["Content-Language"] == "nl"
    assert f"/cms/suggestions/{suggestion.pk}/" in dutch.body
    (english,) = mails_to(english_reviewer)
    assert "New story suggestion from Eva de Vries" in english.subject
    assert not mails_to(suggester)


def test_suggestion_answer_mails_reviewers(
    english_reviewer, suggester, suggester_client, django_capture_on_commit_callbacks
):
    suggestion = SuggestionFactory(suggester=suggester, title="Happy customers")
    suggestion_ask(
        suggestion=suggestion, reviewer=english_reviewer, question="Which ones?"
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        suggester_client.post(
            f"/suggest/mine/{suggestion.pk}/", {"answer": "Three in Utrecht."}
        )

    (message,) = mails_to(english_reviewer)
    assert "Eva de Vries answered" in message.subject
    assert "Three in Utrecht." in message.body


def test_admin_dashboard_and_menu_show_waiting_suggestions(english_reviewer):
    SuggestionFactory(title="Happy customers")
    SuggestionFactory(title="Already decided", status="rejected")
    client = Client()
    client.force_login(english_reviewer)

    html = client.get("/cms/").content.decode()

    assert 'id="suggestions-waiting' in html
    assert "1 story suggestion waiting for review" in html
    assert "Happy customers" in html
    assert "Already decided" not in html
    assert "Suggestions (1 waiting)" in html  # the sidebar's menu item


def test_admin_dashboard_without_review_permission_has_no_panel():
    from accounts import roles

    SuggestionFactory(title="Happy customers")
    client = Client()
    client.force_login(UserFactory(roles=(roles.WEBCARE,), is_staff=True))

    html = client.get("/cms/").content.decode()

    assert "suggestions-waiting" not in html


# --- the draft ------------------------------------------------------------------------
def test_suggestion_accept_says_each_paragraph_once(reviewer, index_page):
    suggestion = SuggestionFactory(
        text="<p>Three customers thanked us.</p><p>They each saved an hour.</p>",
        url="",
    )

    page = suggestion_accept(suggestion=suggestion, reviewer=reviewer)

    draft = page.get_latest_revision_as_object()
    body = str(draft.body[0].value)
    assert draft.intro == "Three customers thanked us."
    assert "They each saved an hour." in body
    assert "Three customers thanked us." not in body


def test_suggestion_accept_long_opening_splits_between_intro_and_body(
    reviewer, index_page
):
    first = "Our service desk answered every call within a minute. " * 5
    second = "Customers noticed and wrote to us about it."
    suggestion = SuggestionFactory(text=f"<p>{first}{second}</p>", url="")

    page = suggestion_accept(suggestion=suggestion, reviewer=reviewer)

    draft = page.get_latest_revision_as_object()
    body = str(draft.body[0].value)
    assert draft.intro == " ".join(first.split())
    assert second in body
    assert "service desk" not in body


def test_suggestion_accept_credits_the_suggester_on_the_drafts_revision(
    reviewer, suggester, index_page
):
    suggestion = SuggestionFactory(suggester=suggester)

    page = suggestion_accept(suggestion=suggestion, reviewer=reviewer)

    credit = PageLogEntry.objects.get(page=page, action=LOG_ACTION_ACCEPTED)
    assert credit.revision == page.get_latest_revision()
    assert credit.data["suggested_by"] == "Eva de Vries"


def test_suggestion_with_consent_names_the_suggester_on_the_page(
    reviewer, suggester, suggester_client, index_page, client
):
    suggester_client.post(
        "/suggest/",
        {"title": "Happy customers", "text": "Thanked.", "credit_consent": "on"},
    )
    suggestion = Suggestion.objects.get()
    assert suggestion.credit_consent

    page = suggestion_accept(suggestion=suggestion, reviewer=reviewer)
    page.get_latest_revision().publish()

    html = client.get(StoryPage.objects.get(pk=page.pk).url).content.decode()
    assert "Suggested by Eva de Vries" in html


def test_suggestion_without_consent_leaves_the_page_unnamed(
    reviewer, suggester, index_page
):
    suggestion = SuggestionFactory(suggester=suggester)

    page = suggestion_accept(suggestion=suggestion, reviewer=reviewer)

    assert page.get_latest_revision_as_object().suggested_by == ""


# --- the suggester hears it went live -------------------------------------------------
def _publish_in_the_editor(client, page) -> None:
    draft = page.get_latest_revision_as_object()
    data = nested_form_data(
        {
            "title": draft.title,
            "slug": draft.slug,
            "intro": draft.intro,
            "body": streamfield([]),
            "language": draft.language,
            "share_texts": inline_formset([]),
            "suggested_by": draft.suggested_by,
            "action-publish": "action-publish",
        }
    )
    response = client.post(f"/cms/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_story_published_in_the_editor_tells_the_suggester_once(
    reviewer, suggester, index_page, django_capture_on_commit_callbacks
):
    suggestion = SuggestionFactory(suggester=suggester, title="Happy customers")
    page = suggestion_accept(suggestion=suggestion, reviewer=reviewer)
    client = Client()
    client.force_login(reviewer)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _publish_in_the_editor(client, page)
    with django_capture_on_commit_callbacks(execute=True):
        _publish_in_the_editor(client, page)

    assert StoryPage.objects.get(pk=page.pk).live
    (message,) = mails_to(suggester)
    assert "is live" in message.subject
    assert "Happy customers" in message.subject
    assert StoryPage.objects.get(pk=page.pk).full_url in message.body


def test_story_approved_in_the_workflow_tells_the_suggester(
    reviewer, suggester, index_page, django_capture_on_commit_callbacks
):
    suggestion = SuggestionFactory(suggester=suggester, title="Happy customers")
    page = suggestion_accept(suggestion=suggestion, reviewer=reviewer)
    state = WorkflowState.objects.get(object_id=str(page.pk))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.specific.approve(user=reviewer)

    assert StoryPage.objects.get(pk=page.pk).live
    (message,) = mails_to(suggester)
    assert "is live" in message.subject


def test_story_accepted_but_not_published_tells_nobody_it_is_live(
    reviewer, suggester, index_page, django_capture_on_commit_callbacks
):
    suggestion = SuggestionFactory(suggester=suggester)

    with django_capture_on_commit_callbacks(execute=True):
        suggestion_accept(suggestion=suggestion, reviewer=reviewer)

    assert all("is live" not in m.subject for m in mails_to(suggester))


def test_story_published_on_schedule_tells_the_suggester_once(
    reviewer, suggester, index_page, django_capture_on_commit_callbacks
):
    """Scheduled publishing runs no publish hook: the worker's sweep tells them."""
    from datetime import timedelta

    from django.utils import timezone

    from advocacy.jobs import jobs
    from cms.jobs import stories_publish_scheduled

    suggestion = SuggestionFactory(suggester=suggester, title="Happy customers")
    page = suggestion_accept(suggestion=suggestion, reviewer=reviewer)
    WorkflowState.objects.filter(object_id=str(page.pk)).delete()
    revision = StoryPage.objects.get(pk=page.pk).save_revision(
        user=reviewer, approved_go_live_at=timezone.now() - timedelta(seconds=1)
    )
    assert revision.approved_go_live_at is not None
    stories_publish_scheduled()
    assert StoryPage.objects.get(pk=page.pk).live
    mail.outbox.clear()

    sweep = next(job for job in jobs() if job.name == "suggestions_live_notify")
    with django_capture_on_commit_callbacks(execute=True):
        sweep.run()
    with django_capture_on_commit_callbacks(execute=True):
        sweep.run()

    (message,) = mails_to(suggester)
    assert "is live" in message.subject
