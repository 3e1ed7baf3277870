"""Background jobs of sharing (django-tasks): click flush, rollups, weekly digest.

With the default ImmediateBackend they run inline; with the database backend the
worker (`manage.py run_worker`) runs them. The worker also runs the periodic ones on
their schedule (advocacy/jobs.py): click flush every five minutes, rollup hourly,
digests on Monday morning.
"""

from __future__ import annotations

import logging
import time
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from advocacy.sharing import analytics, clicks, digest, points
from advocacy.sharing.models import (
    ClickFlush,
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
_refresh_asked_at = float("-inf")  # time.monotonic() of this process's last try


def figures_refresh_worth_trying() -> bool:
    """Whether a click should call `figures_refresh_if_due` now; no I/O.

    True at most once an interval per process, so a busy tracked link asks the
    shared lock in the cache once an interval instead of on every click.
    """
    global _refresh_asked_at
    interval = settings.BOEGBEELD_ANALYTICS_REFRESH_SECONDS
    now = time.monotonic()
    if interval <= 0 or now - _refresh_asked_at < interval:
        return False
    _refresh_asked_at = now
    return True


def figures_refresh_forget() -> None:
    """Forget this process's last try (tests)."""
    global _refresh_asked_at
    _refresh_asked_at = float("-inf")


def figures_refresh_if_due(*, today: date | None = None) -> bool:
    """Bring today's figures up to date after a click, at most once an interval.

    The tracked link calls this once it has counted a visit, so the figures pages
    show today's clicks between the worker's turns while only ever reading (the
    worker's hourly rollup forgets old salts and catches yesterday). A failure only
    logs: a visitor must never miss the story because the click buffer is unavailable.
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


@task()
def send_weekly_digests() -> int:
    return digest.digests_send()


@task()
def send_story_mails(story_id: int) -> int:
    """A story went live: e-mail whoever wants news of new stories right away."""
    return digest.story_mails_send(story_id=story_id)
