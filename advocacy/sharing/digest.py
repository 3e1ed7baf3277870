"""E-mails about new stories, in each person's language and only with stories meant
for them: a weekly digest (with what their shares achieved), a daily one, or one
e-mail per story right away, as chosen in the profile. Every one carries a
one-click unsubscribe (RFC 8058)."""

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

from accounts.models import Profile
from accounts.unsubscribe import unsubscribe_headers, unsubscribe_url
from advocacy.outreach.models import DigestSent
from advocacy.sharing import points
from advocacy.sharing.models import ClickDaily, PointEntry, Share
from cms.models import StoryPage
from cms.selectors import stories_for_user

logger = logging.getLogger(__name__)
Kind = DigestSent.Kind
CADENCE = {Kind.WEEKLY: Profile.NewStories.WEEKLY, Kind.DAILY: Profile.NewStories.DAILY}
PERIOD_DAYS = {Kind.WEEKLY: 7, Kind.DAILY: 1}


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def period_start(kind: str, day: date) -> date:
    return week_start(day) if kind == Kind.WEEKLY else day


def _story_item(story: StoryPage, site: str) -> dict:
    return {
        "title": story.title,
        "intro": story.intro,
        "url": story.get_full_url() or site,
        "share_url": f"{site}/stories/{story.pk}/share/",
    }


def digest_context(*, user, now=None, kind: str = Kind.WEEKLY) -> dict | None:
    """What the digest tells `user`; None when there is nothing to tell."""
    now = now or timezone.now()
    since = now - timedelta(days=PERIOD_DAYS[kind])
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
    if not stories and (kind == Kind.DAILY or (not shares and not week_clicks)):
        return None
    site = settings.BOEGBEELD_SITE_URL.rstrip("/")
    return {
        "user": user,
        "name": user.display_name,
        "kind": kind,
        "stories": [_story_item(story, site) for story in stories],
        "shares": shares,
        "clicks": week_clicks,
        "points": week_points,
        "total_points": points.points_total(user=user),
        "impact_url": f"{site}/impact/",
        "profile_url": f"{site}/accounts/profile/",
        "unsubscribe_url": unsubscribe_url(user),
    }


def _render(template: str, context: dict) -> tuple[str, str, str]:
    subject = render_to_string(f"advocacy/emails/{template}_subject.txt", context)
    text = render_to_string(f"advocacy/emails/{template}.txt", context)
    html = render_to_string(f"advocacy/emails/{template}.html", context)
    return " ".join(subject.split()), text, html


def _claimed_send(user, claim: dict, mail: tuple[str, str, str]) -> bool:
    """Claim first (a unique constraint stops a second run), then mail outside any
    transaction; a failed send gives the claim back for the next run."""
    try:
        with transaction.atomic():
            sent = DigestSent.objects.create(user=user, **claim)
    except IntegrityError:
        return False  # another run sent it meanwhile
    subject, text, html = mail
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[user.email], headers=unsubscribe_headers(user)
    )
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        sent.delete()
        raise
    return True


def _language(profile) -> str:
    return profile.preferred_language or settings.LANGUAGE_CODE


def digest_send(*, user, now=None, kind: str = Kind.WEEKLY) -> bool:
    """Send this period's digest to `user` once; True when a mail went out."""
    now = now or timezone.now()
    profile = getattr(user, "profile", None)
    if not user.is_active or profile is None or profile.new_stories != CADENCE[kind]:
        return False
    week = period_start(kind, timezone.localdate(now))
    if DigestSent.objects.filter(user=user, kind=kind, week=week).exists():
        return False
    language = _language(profile)
    with translation.override(language):
        context = digest_context(user=user, now=now, kind=kind)
        if context is None:
            return False
        context["LANGUAGE_CODE"] = language
        mail = _render("digest", context)
    return _claimed_send(user, {"kind": kind, "week": week}, mail)


def digests_send(*, now=None, kind: str = Kind.WEEKLY) -> int:
    users = (
        get_user_model()
        .objects.filter(is_active=True, profile__new_stories=CADENCE[kind])
        .select_related("profile")
        .order_by("pk")
    )
    sent = 0
    for user in users.iterator(chunk_size=500):
        try:
            sent += digest_send(user=user, now=now, kind=kind)
        except Exception:
            logger.exception("The %s digest to user %s failed", kind, user.pk)
    return sent


def daily_digests_send(*, now=None) -> int:
    return digests_send(now=now, kind=Kind.DAILY)


def story_mails_send(*, story_id: int) -> int:
    """A story went live: one e-mail to each person who wants news right away and
    for whom the story is meant (in their own library)."""
    story = StoryPage.objects.live().filter(pk=story_id).first()
    if story is None:
        return 0
    site = settings.BOEGBEELD_SITE_URL.rstrip("/")
    users = (
        get_user_model()
        .objects.filter(
            is_active=True, profile__new_stories=Profile.NewStories.IMMEDIATELY
        )
        .select_related("profile")
        .order_by("pk")
    )
    sent = 0
    for user in users.iterator(chunk_size=500):
        if not stories_for_user(user).filter(pk=story.pk).exists():
            continue
        language = _language(user.profile)
        with translation.override(language):
            context = {
                "name": user.display_name,
                "story": _story_item(story, site),
                "profile_url": f"{site}/accounts/profile/",
                "unsubscribe_url": unsubscribe_url(user),
                "LANGUAGE_CODE": language,
            }
            mail = _render("new_story", context)
        claim = {"kind": Kind.STORY, "week": timezone.localdate(), "story": story}
        try:
            sent += _claimed_send(user, claim, mail)
        except Exception:
            logger.exception("News of story %s to user %s failed", story.pk, user.pk)
    return sent
