"""Comms staff review suggestions in the Wagtail admin: accept, reject, ask."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from wagtail.models import PageLogEntry, WorkflowState

from advocacy.suggestions.models import Suggestion
from advocacy.suggestions.services import (
    LOG_ACTION_ACCEPTED,
    suggestion_accept,
    suggestion_create,
    suggestion_points_award,
)
from cms.models import StoryIndexPage, StoryPage
from tests.advocacy.suggestions.test_suggestions import (
    assert_page_has_no_injected_markup,
)
from tests.core.test_sanitize import XSS_PAYLOADS
from tests.factories import (
    DepartmentFactory,
    LocationFactory,
    SuggestionFactory,
    UserFactory,
    hero_image_factory,
    story_index_page_factory,
    suggestion_reviewer_factory,
)

pytestmark = pytest.mark.django_db

QUEUE = "/cms/suggestions/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def reviewer():
    return suggestion_reviewer_factory(first_name="Chris", last_name="Jansen")


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def index_page():
    return story_index_page_factory()


@pytest.fixture
def suggester():
    user = UserFactory(first_name="Eva", last_name="de Vries")
    user.profile.display_name = "Eva"
    user.profile.save()
    return user


def review_url(suggestion) -> str:
    return f"{QUEUE}{suggestion.pk}/"


def mails_to(user) -> list:
    return [m for m in mail.outbox if user.email in m.to]


# --- who gets in -------------------------------------------------------------------
def test_review_queue_lists_suggestions_for_reviewer(reviewer_client, suggester):
    SuggestionFactory(suggester=suggester, title="Customers love the app")

    response = reviewer_client.get(QUEUE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Customers love the app" in html
    assert "Eva" in html


def test_review_queue_is_in_the_admin_menu_for_reviewers(reviewer_client):
    html = reviewer_client.get("/cms/").content.decode()

    assert QUEUE in html


def test_review_queue_filters_by_status(reviewer_client):
    SuggestionFactory(title="Waiting one")
    SuggestionFactory(title="Turned down one", status="rejected")

    html = reviewer_client.get(QUEUE, {"status": "rejected"}).content.decode()

    assert "Turned down one" in html
    assert "Waiting one" not in html


def test_review_queue_filters_by_date(reviewer_client):
    SuggestionFactory(
        title="Old one", created_at=timezone.now() - datetime.timedelta(days=40)
    )
    SuggestionFactory(title="Recent one")
    since = (timezone.now() - datetime.timedelta(days=7)).date().isoformat()

    html = reviewer_client.get(QUEUE, {"created_at_from": since}).content.decode()

    assert "Recent one" in html
    assert "Old one" not in html


@pytest.mark.parametrize("path", ["", "{pk}/"])
def test_review_queue_employee_cannot_reach_it(client, path):
    suggestion = SuggestionFactory(title="Secret plans")
    client.force_login(UserFactory())

    response = client.get(QUEUE + path.format(pk=suggestion.pk))

    assert response.status_code in (302, 403)
    assert "Secret plans" not in response.content.decode()


@pytest.mark.parametrize("path", ["", "{pk}/"])
def test_review_queue_admin_user_without_review_permission_cannot_reach_it(
    client, path
):
    from django.contrib.auth.models import Group, Permission

    suggestion = SuggestionFactory(title="Secret plans")
    # Someone given admin access by hand, but not the review permission.
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory()
    user.groups.add(group)
    client.force_login(user)

    response = client.get(QUEUE + path.format(pk=suggestion.pk))

    assert response.status_code in (302, 403)
    assert "Secret plans" not in response.content.decode()


def test_review_queue_employee_cannot_accept(client, index_page):
    suggestion = SuggestionFactory()
    client.force_login(UserFactory())

    client.post(review_url(suggestion), {"action": "accept", "accept-points": "25"})

    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.NEW
    assert not StoryPage.objects.exists()


# --- the review page ---------------------------------------------------------------
def test_review_page_shows_the_suggestion(reviewer_client, suggester):
    sales = DepartmentFactory(name="Sales", slug="sales")
    suggestion = suggestion_create(
        suggester=suggester,
        url="https://example.org/story?a=1&b=2",
        title="Customers love the app",
        text="It <em>saves</em> them time",
        why="We listen.",
        departments=[sales],
    )

    html = reviewer_client.get(review_url(suggestion)).content.decode()

    assert "Customers love the app" in html
    assert "<p>It <em>saves</em> them time</p>" in html
    assert "We listen." in html
    assert "Eva" in html
    assert "Sales" in html
    assert (
        '<a href="https://example.org/story?a=1&amp;b=2" '
        'rel="nofollow noopener noreferrer" target="_blank"' in html
    )


def test_review_page_renders_xss_payloads_harmlessly(reviewer_client, suggester):
    harmless = suggestion_create(
        suggester=suggester, url="https://example.org/a", title="Harmless", text="Hi"
    )
    baseline = reviewer_client.get(review_url(harmless)).content.decode()
    baseline_queue = reviewer_client.get(QUEUE, {"status": "new"}).content.decode()

    for payload in XSS_PAYLOADS:
        Suggestion.objects.update(status=Suggestion.Status.ACCEPTED)
        suggestion = suggestion_create(
            suggester=UserFactory(),
            url="https://example.org/a",
            title=payload[:200],
            text=payload,
            why=payload,
        )

        response = reviewer_client.get(review_url(suggestion))
        queue = reviewer_client.get(QUEUE, {"status": "new"})

        assert response.status_code == 200, payload
        assert_page_has_no_injected_markup(response.content.decode(), baseline)
        assert_page_has_no_injected_markup(queue.content.decode(), baseline_queue)


def test_review_page_cleans_text_stored_around_the_service(reviewer_client, suggester):
    """Text stored without `suggestion_create` is still cleaned on output."""
    harmless = SuggestionFactory(suggester=suggester, title="Hi", text="<p>Hi</p>")
    baseline = reviewer_client.get(review_url(harmless)).content.decode()
    for payload in XSS_PAYLOADS:
        Suggestion.objects.filter(pk=harmless.pk).update(text=payload)

        response = reviewer_client.get(review_url(harmless))

        assert response.status_code == 200, payload
        assert_page_has_no_injected_markup(response.content.decode(), baseline)


# --- accept --------------------------------------------------------------------------
def test_suggestion_accept_creates_draft_story_with_content_and_credit(
    reviewer_client, reviewer, suggester, index_page
):
    sales = DepartmentFactory(name="Sales", slug="sales")
    utrecht = LocationFactory(name="Utrecht", slug="utrecht")
    image = hero_image_factory(title="Customers")
    suggestion = SuggestionFactory(
        suggester=suggester,
        title="Customers love the app",
        text=(
            "<p>Three customers told me it saves them time.</p>"
            "<p>One of them <strong>wrote</strong> to us.</p>"
        ),
        url="https://example.org/news",
        why="Shows we listen.",
        image=image,
        language="nl",
    )
    suggestion.audience_departments.set([sales])
    suggestion.audience_locations.set([utrecht])

    response = reviewer_client.post(
        review_url(suggestion), {"action": "accept", "accept-points": "30"}
    )

    assert response.status_code == 302
    suggestion.refresh_from_db()
    page = StoryPage.objects.get()
    assert suggestion.status == Suggestion.Status.ACCEPTED
    assert suggestion.page_id == page.pk
    assert suggestion.reviewed_by == reviewer
    assert suggestion.points_awarded == 30

    assert not page.live
    assert page.get_parent().specific == index_page
    draft = page.get_latest_revision_as_object()
    assert draft.title == "Customers love the app"
    assert draft.intro == "Three customers told me it saves them time."
    assert draft.hero_image == image
    assert draft.language == "nl"
    body = str(draft.body[0].value)
    assert "<strong>wrote</strong>" in body
    assert "saves them time" not in body  # the intro, not said twice
    assert 'href="https://example.org/news"' in body
    assert list(draft.audience_departments.all()) == [sales]
    assert list(draft.audience_locations.all()) == [utrecht]

    credit = PageLogEntry.objects.get(page=page, action=LOG_ACTION_ACCEPTED)
    assert credit.data["suggested_by"] == "Eva"
    assert credit.user == reviewer


def test_suggestion_accept_enters_the_review_workflow(reviewer, index_page):
    suggestion = SuggestionFactory()

    page = suggestion_accept(suggestion=suggestion, reviewer=reviewer)

    workflow = page.get_workflow()
    assert workflow is not None  # "Review by Communications" covers the tree
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == reviewer
    assert not StoryPage.objects.get(pk=page.pk).live


def test_suggestion_accept_without_workflow_only_saves_a_draft(reviewer, index_page):
    from wagtail.models import WorkflowPage

    WorkflowPage.objects.all().delete()
    suggestion = SuggestionFactory()

    page = suggestion_accept(suggestion=suggestion, reviewer=reviewer)

    assert not WorkflowState.objects.exists()
    assert not page.live
    assert page.has_unpublished_changes


def test_suggestion_accept_link_only_suggestion_gets_an_intro(reviewer, index_page):
    suggestion = SuggestionFactory(title="", text="", why="", url="https://ex.org/x")

    page = suggestion_accept(suggestion=suggestion, reviewer=reviewer)

    assert page.title == "https://ex.org/x"
    assert page.intro == "https://ex.org/x"


def test_suggestion_accept_notifies_the_suggester(
    reviewer_client, suggester, index_page, django_capture_on_commit_callbacks
):
    suggestion = SuggestionFactory(suggester=suggester, title="Our app")

    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(
            review_url(suggestion), {"action": "accept", "accept-points": "25"}
        )

    (message,) = mails_to(suggester)
    assert "accepted" in message.subject
    assert "Our app" in message.subject
    assert "25 points" in message.body
    assert f"/suggest/mine/{suggestion.pk}/" in message.body


def test_suggestion_accept_twice_is_refused(reviewer_client, reviewer, index_page):
    suggestion = SuggestionFactory()
    suggestion_accept(suggestion=suggestion, reviewer=reviewer)

    response = reviewer_client.post(
        review_url(suggestion), {"action": "accept", "accept-points": "25"}
    )

    assert response.status_code == 302
    assert StoryPage.objects.count() == 1


def test_suggestion_accept_without_story_index_is_refused(reviewer_client):
    suggestion = SuggestionFactory()
    StoryIndexPage.objects.all().delete()

    response = reviewer_client.post(
        review_url(suggestion), {"action": "accept", "accept-points": "25"}
    )

    assert response.status_code == 400
    assert "no story index page" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.NEW


def test_suggestion_points_award_defaults_to_the_setting(settings):
    settings.BOEGBEELD_SUGGESTION_POINTS = 40
    suggestion = SuggestionFactory()

    assert suggestion_points_award(suggestion) == 40

    suggestion.refresh_from_db()
    assert suggestion.points_awarded == 40


# --- reject and ask ----------------------------------------------------------------
def test_suggestion_reject_notifies_in_the_suggesters_language(
    reviewer_client, suggester, django_capture_on_commit_callbacks
):
    suggester.profile.preferred_language = "nl"
    suggester.profile.save()
    suggestion = SuggestionFactory(
        suggester=suggester,
        title="Onze app",
        created_at=datetime.datetime(2026, 3, 12, 10, 0, tzinfo=datetime.UTC),
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(
            review_url(suggestion),
            {
                "action": "reject",
                "reject-reason": "Dit hebben we vorige maand al gedeeld.",
            },
        )

    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.REJECTED
    (message,) = mails_to(suggester)
    assert message.extra_headers["Content-Language"] == "nl"
    assert "12 maart 2026" in message.body  # rendered under the Dutch locale
    assert "Dit hebben we vorige maand al gedeeld." in message.body
    assert "Onze app" in message.subject


def test_suggestion_reject_mail_is_english_for_english_suggester(
    reviewer_client, suggester, django_capture_on_commit_callbacks
):
    suggestion = SuggestionFactory(
        suggester=suggester,
        created_at=datetime.datetime(2026, 3, 12, 10, 0, tzinfo=datetime.UTC),
    )

    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(
            review_url(suggestion), {"action": "reject", "reject-reason": "Not now."}
        )

    (message,) = mails_to(suggester)
    assert message.extra_headers["Content-Language"] == "en"
    assert "12 March 2026" in message.body


def test_suggestion_reject_requires_a_reason(reviewer_client):
    suggestion = SuggestionFactory()

    response = reviewer_client.post(
        review_url(suggestion), {"action": "reject", "reject-reason": ""}
    )

    assert response.status_code == 400
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.NEW
    assert not mail.outbox


def test_suggestion_reject_reason_shows_on_my_suggestions(reviewer_client, suggester):
    suggestion = SuggestionFactory(suggester=suggester, title="Our app")
    reviewer_client.post(
        review_url(suggestion),
        {"action": "reject", "reject-reason": "We shared this last month."},
    )

    suggester_client = Client()
    suggester_client.force_login(suggester)
    html = suggester_client.get("/suggest/mine/").content.decode()

    assert "Not taken up" in html
    assert "We shared this last month." in html


def test_suggestion_ask_sets_question_and_notifies(
    reviewer_client, suggester, django_capture_on_commit_callbacks
):
    suggestion = SuggestionFactory(suggester=suggester)

    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(
            review_url(suggestion),
            {"action": "question", "question-question": "Which customers?"},
        )

    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.QUESTION
    assert suggestion.messages.get().text == "Which customers?"
    (message,) = mails_to(suggester)
    assert "question" in message.subject
    assert "Which customers?" in message.body


def test_suggestion_question_answered_shows_in_the_review_page(
    reviewer_client, suggester
):
    suggestion = SuggestionFactory(suggester=suggester)
    reviewer_client.post(
        review_url(suggestion),
        {"action": "question", "question-question": "Which customers?"},
    )
    suggester_client = Client()
    suggester_client.force_login(suggester)
    suggester_client.post(
        f"/suggest/mine/{suggestion.pk}/", {"answer": "Three in Utrecht."}
    )

    html = reviewer_client.get(review_url(suggestion)).content.decode()

    assert "Which customers?" in html
    assert "Three in Utrecht." in html
    assert 'value="accept"' in html  # back in the queue, open for a decision
