"""The weekly digest: new stories for you and your impact, in your language."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation

from advocacy.sharing import points
from advocacy.sharing.models import ClickDaily, DigestSent, PointEntry, Share

logger = logging.getLogger(__name__)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def digest_context(*, user, now=None) -> dict | None:
    """What the digest tells `user`; None when there is nothing to tell."""
    from cms.selectors import stories_for_user

    now = now or timezone.now()
    since = now - timedelta(days=7)
    profile = getattr(user, "profile", None)
    language = (profile.preferred_language if profile else "") or None
    stories = list(
        stories_for_user(user, language=language).filter(first_published_at__gte=since)[
            :5
        ]
    )
    shares = Share.objects.filter(user=user, handed_off_at__gte=since).count()
    week_clicks = (
        ClickDaily.objects.filter(
            share__user=user, day__gte=timezone.localdate(since)
        ).aggregate(n=Sum("count"))["n"]
        or 0
    )
    week_points = (
        PointEntry.objects.filter(user=user, created_at__gte=since).aggregate(
            n=Sum("amount")
        )["n"]
        or 0
    )
    if not stories and not shares and not week_clicks:
        return None
    site = settings.BOEGBEELD_SITE_URL.rstrip("/")
    return {
        "user": user,
        "name": user.display_name,
        "stories": [
            {
                "title": story.title,
                "intro": story.intro,
                "url": story.get_full_url() or site,
                "share_url": f"{site}/stories/{story.pk}/share/",
            }
            for story in stories
        ],
        "shares": shares,
        "clicks": week_clicks,
        "points": week_points,
        "total_points": points.points_total(user=user),
        "impact_url": f"{site}/impact/",
        "profile_url": f"{site}/accounts/profile/",
    }


def digest_send(*, user, now=None) -> bool:
    """Send this week's digest to `user` once; True when a mail went out."""
    now = now or timezone.now()
    profile = getattr(user, "profile", None)
    if not user.is_active or profile is None or not profile.weekly_digest:
        return False
    week = week_start(timezone.localdate(now))
    if DigestSent.objects.filter(user=user, week=week).exists():
        return False
    language = profile.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = digest_context(user=user, now=now)
        if context is None:
            return False
        context["LANGUAGE_CODE"] = language
        subject = render_to_string("advocacy/emails/digest_subject.txt", context)
        text = render_to_string("advocacy/emails/digest.txt", context)
        html = render_to_string("advocacy/emails/digest.html", context)
    # Claim the week first (its unique constraint stops a second run), then mail
    # outside any transaction; a failed send gives the claim back for the next run.
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, week=week)
    except IntegrityError:
        return False  # another run sent it meanwhile
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[user.email]
    )
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        DigestSent.objects.filter(user=user, week=week).delete()
        raise
    return True


def digests_send(*, now=None) -> int:
    users = (
        get_user_model()
        .objects.filter(is_active=True, profile__weekly_digest=True)
        .select_related("profile")
        .order_by("pk")
    )
    sent = 0
    for user in users.iterator(chunk_size=500):
        try:
            sent += digest_send(user=user, now=now)
        except Exception:
            logger.exception("Weekly digest to user %s failed", user.pk)
    return sent
