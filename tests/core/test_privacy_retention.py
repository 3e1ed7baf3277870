"""Retention: per-person detail pruned beyond the periods set in the CMS."""

from datetime import timedelta

import pytest
from django.utils import timezone

from advocacy.guidelines.models import GuidelineDismissal
from advocacy.sharing.models import PointEntry, Share
from advocacy.suggestions.models import Suggestion, SuggestionMessage
from core.models import PrivacySettings
from core.periodic import jobs_all
from core.privacy import retention_prune
from tests.factories import FeedbackFactory, UserFactory, story_page_factory

pytestmark = pytest.mark.django_db


def _ago(days: int):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def old_and_new():
    user = UserFactory()
    story = story_page_factory(title="Story")
    old = Share.objects.create(
        user=user,
        story=story,
        network="linkedin",
        text="old words",
        code="old1",
        dismissed_warnings=[{"rule": "Tone", "match": "x", "reason": "y"}],
        created_at=_ago(400),
    )
    new = Share.objects.create(
        user=user, story=story, network="linkedin", text="new words", code="new1"
    )
    PointEntry.objects.create(user=user, kind="share", amount=10, share=old)
    PointEntry.objects.filter(share=old).update(created_at=_ago(800))
    PointEntry.objects.create(user=user, kind="share", amount=10, share=new)
    GuidelineDismissal.objects.create(user=user, rule="Tone", reason="old reason")
    GuidelineDismissal.objects.update(created_at=_ago(400))
    closed = Suggestion.objects.create(
        suggester=user, title="Closed", status=Suggestion.Status.REJECTED
    )
    open_one = Suggestion.objects.create(suggester=user, title="Open")
    for suggestion in (closed, open_one):
        SuggestionMessage.objects.create(
            suggestion=suggestion,
            author=user,
            kind="question",
            text="Why?",
            created_at=_ago(400),
        )
    FeedbackFactory(author="Anna V.", received_at=_ago(100))
    FeedbackFactory(author="Bram K.")
    return old, new


def test_nightly_job_prunes_only_what_is_older_than_its_setting(old_and_new):
    old, new = old_and_new
    pruned = retention_prune()
    assert pruned == {
        "share_text_days": 2,  # one share text, one ignored-warning reason
        "points_days": 1,
        "suggestion_message_days": 1,
        "feedback_author_days": 1,
    }
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.text == "" and old.dismissed_warnings == []
    assert Share.objects.filter(code="old1").exists()  # the share itself stays
    assert new.text == "new words"
    assert PointEntry.objects.count() == 1
    assert not GuidelineDismissal.objects.exists()
    # Only the message about the closed suggestion goes.
    assert list(SuggestionMessage.objects.values_list("suggestion__title", flat=True))
    assert SuggestionMessage.objects.get().suggestion.title == "Open"
    from realtime.models import Feedback

    assert sorted(Feedback.objects.values_list("author", flat=True)) == ["", "Bram K."]
    # A second run has nothing left to do.
    assert retention_prune() == {
        "share_text_days": 0,
        "points_days": 0,
        "suggestion_message_days": 0,
        "feedback_author_days": 0,
    }


def test_zero_keeps_everything(old_and_new):
    config = PrivacySettings.load()
    config.share_text_days = 0
    config.points_days = 0
    config.suggestion_message_days = 0
    config.feedback_author_days = 0
    config.save()
    assert retention_prune() == {}
    assert Share.objects.get(code="old1").text == "old words"


def test_the_job_is_scheduled_nightly():
    names = {job.name for job in jobs_all()}
    assert "prune_personal_data" in names


def test_privacy_page_shows_the_periods_in_force(client):
    text = client.get("/privacy/").content.decode()
    assert "Names of customers who gave feedback: 90 days." in text
    config = PrivacySettings.load()
    config.feedback_author_days = 30
    config.points_days = 0
    config.save()
    text = client.get("/privacy/").content.decode()
    assert "Names of customers who gave feedback: 30 days." in text
    assert "Points ledger: As long as the account exists." in text
