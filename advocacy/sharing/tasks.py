"""Background jobs of sharing (django-tasks): click flush, rollups, weekly digest.

With the default ImmediateBackend they run inline; with the database backend a
worker (`manage.py db_worker`) runs them. Schedule the periodic ones with cron:

    */5 * * * *  manage.py flush_clicks        # Redis buffer → ClickDaily + rollup
    15 * * * *   manage.py rollup_analytics     # today and yesterday, forget salts
    0 8 * * 1    manage.py send_digests         # Monday morning
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from advocacy.sharing import analytics, clicks, points
from advocacy.sharing.models import (
    ClickDaily,
    ClickFlush,
    DigestSent,
    PointEntry,
    Share,
)

logger = logging.getLogger(__name__)


@task()
def rollup_analytics_day(day: str) -> int:
    """Rebuild one day's rollup (after a share, or a click flush)."""
    return analytics.rollup_day(date.fromisoformat(day))


def flush_and_rollup() -> dict:
    result = clicks.clicks_flush()
    if result.days:
        analytics.rollup_days(result.days)
        points.points_award_clicks(days=result.days, share_ids=result.share_ids)
    return {"clicks": result.clicks, "batches": result.batches}


@task()
def flush_clicks() -> dict:
    """Move buffered clicks into the database and update what depends on them."""
    return flush_and_rollup()


def rollup_recent(*, days: int = 2, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    flushed = flush_and_rollup()
    recent = [today - timedelta(days=n) for n in range(days)]
    rows = analytics.rollup_days(recent)
    points.points_award_clicks(days=recent)
    forgotten = clicks.clicks_forget(today=today)
    ClickFlush.objects.filter(
        created_at__lt=timezone.now() - timedelta(days=30)
    ).delete()
    return {"flushed": flushed["clicks"], "rows": rows, "salts_deleted": forgotten}


REFRESH_LOCK_KEY = "analytics:refresh-lock"


def figures_refresh_if_due(*, today: date | None = None) -> bool:
    """Bring today's figures up to date after a click, at most once an interval.

    The tracked link calls this once it has counted a visit, so the figures pages
    show today's clicks without a cron job while only ever reading (cron still
    forgets old salts and catches yesterday). A failure only logs: a visitor must
    never miss the story because the click buffer is unavailable.
    """
    interval = settings.BOEGBEELD_ANALYTICS_REFRESH_SECONDS
    if interval <= 0 or not cache.add(REFRESH_LOCK_KEY, 1, timeout=interval):
        return False
    today = today or timezone.localdate()
    try:
        flush_and_rollup()
        analytics.rollup_days([today])
        points.points_award_clicks(days=[today])
    except Exception:
        logger.exception("Refreshing today's sharing figures failed")
        return False
    return True


@task()
def rollup_analytics(days: int = 2) -> dict:
    """Flush clicks, rebuild the last `days` days, award click points, and delete
    the salts and visitor hashes of days gone by."""
    return rollup_recent(days=days)


# --- weekly digest ------------------------------------------------------------------
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
    shares = Share.objects.filter(user=user, created_at__gte=since).count()
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
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, week=week)
            message = EmailMultiAlternatives(
                subject=" ".join(subject.split()),
                body=text,
                to=[user.email],
            )
            message.attach_alternative(html, "text/html")
            message.send()
    except IntegrityError:
        return False  # another run sent it meanwhile
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


@task()
def send_weekly_digests() -> int:
    return digests_send()
