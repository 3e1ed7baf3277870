"""Mail to suggesters when their suggestion is decided or questioned.

Written in the suggester's preferred language (their profile), else the site's.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger(__name__)

EVENTS = ("accepted", "rejected", "question")


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
        Suggestion.objects.select_related("suggester", "suggester__profile")
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
            "suggestion_url": settings.BOEGBEELD_SITE_URL.rstrip("/")
            + reverse("suggestions:suggestion_detail", args=[suggestion.pk]),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string(
            f"advocacy/emails/suggestion_{event}_subject.txt", context
        )
        body = render_to_string(f"advocacy/emails/suggestion_{event}.txt", context)
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    message = EmailMessage(
        subject=prefix + " ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"Content-Language": language},
    )
    try:
        message.send()
    except Exception:
        logger.exception("Could not mail suggestion %s (%s)", suggestion_id, event)
