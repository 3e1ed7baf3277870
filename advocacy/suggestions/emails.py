"""Mail about suggestions: to suggesters when theirs is decided, questioned or
live; to reviewers when one arrives or a suggester answers.

Each mail is written in its recipient's preferred language (their profile), else
the site's.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger(__name__)

EVENTS = ("accepted", "rejected", "question", "published")
REVIEWER_EVENTS = ("new", "answered")


def user_language(user) -> str:
    profile = getattr(user, "profile", None)
    language = getattr(profile, "preferred_language", "") or ""
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def suggestion_notify(*, suggestion_id: int, event: str) -> None:
    """Tell the suggester what happened. A failing mail server never undoes it."""
    from advocacy.suggestions.models import Suggestion

    if event not in EVENTS:
        raise ValueError(f"Unknown suggestion event {event!r}")
    suggestion = (
        Suggestion.objects.select_related("suggester", "suggester__profile", "page")
        .filter(pk=suggestion_id)
        .first()
    )
    if suggestion is None or not suggestion.suggester.email:
        return
    user = suggestion.suggester
    language = user_language(user)
    with translation.override(language):
        context = {
            "suggestion": suggestion,
            "user": user,
            "name": user.display_name,
            "question": suggestion.messages.filter(kind="question").last(),
            "suggestion_url": _site_url(
                reverse("suggestions:suggestion_detail", args=[suggestion.pk])
            ),
            "story_url": suggestion.page.full_url if suggestion.page_id else "",
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string(
            f"advocacy/emails/suggestion_{event}_subject.txt", context
        )
        body = render_to_string(f"advocacy/emails/suggestion_{event}.txt", context)
    _send(
        to=user.email,
        subject=subject,
        body=body,
        language=language,
        what=f"suggestion {suggestion_id} ({event})",
    )


def suggestion_notify_reviewers(*, suggestion_id: int, event: str) -> None:
    """Tell every reviewer a suggestion waits for them (new, or answered)."""
    from advocacy.suggestions.models import Suggestion
    from advocacy.suggestions.selectors import suggestion_reviewers

    if event not in REVIEWER_EVENTS:
        raise ValueError(f"Unknown reviewer event {event!r}")
    suggestion = (
        Suggestion.objects.select_related("suggester", "suggester__profile")
        .filter(pk=suggestion_id)
        .first()
    )
    if suggestion is None:
        return
    review_url = _site_url(reverse("suggestion_review:edit", args=[suggestion.pk]))
    for reviewer in suggestion_reviewers().exclude(pk=suggestion.suggester_id):
        language = user_language(reviewer)
        with translation.override(language):
            context = {
                "suggestion": suggestion,
                "name": reviewer.display_name,
                "suggester": suggestion.suggester.display_name,
                "answer": suggestion.messages.filter(kind="answer").last(),
                "review_url": review_url,
                "site_name": settings.WAGTAIL_SITE_NAME,
            }
            subject = render_to_string(
                f"advocacy/emails/suggestion_review_{event}_subject.txt", context
            )
            body = render_to_string(
                f"advocacy/emails/suggestion_review_{event}.txt", context
            )
        _send(
            to=reviewer.email,
            subject=subject,
            body=body,
            language=language,
            what=f"suggestion {suggestion_id} ({event}) to reviewer {reviewer.pk}",
        )


def _site_url(path: str) -> str:
    return settings.BOEGBEELD_SITE_URL.rstrip("/") + path


def _send(*, to: str, subject: str, body: str, language: str, what: str) -> None:
    """One mail; a failing mail server is logged, never raised into the caller."""
    message = EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Content-Language": language},
    )
    try:
        message.send()
    except Exception:
        logger.exception("Could not mail %s", what)
