"""Reads of story suggestions: an employee's own, and the review queue."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from advocacy.suggestions.models import Suggestion


def suggestions_for_user(*, user) -> QuerySet[Suggestion]:
    """The suggester's own suggestions, newest first."""
    return Suggestion.objects.filter(suggester=user).select_related("image", "page")


def suggestion_get_for_user(*, user, pk: int) -> Suggestion:
    """One of the user's own suggestions; anyone else's is simply not found."""
    suggestion = suggestions_for_user(user=user).filter(pk=pk).first()
    if suggestion is None:
        raise Http404
    return suggestion


def suggestions_recent_count(*, user, now=None) -> int:
    since = (now or timezone.now()) - timedelta(hours=24)
    return Suggestion.objects.filter(suggester=user, created_at__gte=since).count()


def suggestion_daily_limit() -> int:
    return settings.BOEGBEELD_SUGGESTION_DAILY_LIMIT


def suggestion_review_queryset() -> QuerySet[Suggestion]:
    return Suggestion.objects.select_related(
        "suggester", "suggester__profile", "image", "reviewed_by", "page"
    )
