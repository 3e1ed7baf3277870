"""Reads of story suggestions: an employee's own, and the review queue."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from advocacy.suggestions.models import Suggestion, SuggestionMessage


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


REVIEW_CODENAME = "review_suggestion"


def suggestion_reviewers() -> QuerySet:
    """Active users who may review suggestions (the permission, or superusers)."""
    permissions = Permission.objects.filter(
        content_type__app_label="advocacy", codename=REVIEW_CODENAME
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=permissions)
            | Q(groups__permissions__in=permissions)
        )
        .exclude(email="")
        .select_related("profile")
        .distinct()
        .order_by("pk")
    )


def suggestions_waiting_count() -> int:
    """Suggestions waiting for a reviewer: new, or answered by their suggester."""
    return Suggestion.objects.filter(status=Suggestion.Status.NEW).count()


def suggestions_waiting(*, limit: int = 5) -> list[Suggestion]:
    return list(
        Suggestion.objects.filter(status=Suggestion.Status.NEW)
        .select_related("suggester", "suggester__profile")
        .annotate(
            answered=Exists(
                SuggestionMessage.objects.filter(
                    suggestion=OuterRef("pk"), kind=SuggestionMessage.Kind.ANSWER
                )
            )
        )
        .order_by("-updated_at", "-pk")[:limit]
    )
