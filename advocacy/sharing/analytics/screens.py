"""Today's figures for the wall screens: totals, never a person."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Sum
from django.utils import timezone

from advocacy.sharing.analytics.periods import day_bounds
from advocacy.sharing.models import ClickDaily, Share
from cms.models import StoryPage


def today_figures(*, location_id: int | None = None, day: date | None = None) -> dict:
    """Today's sharing in numbers for the wall screens: counts, no names.

    With `location_id`, only shares by colleagues of that location count (the location
    is copied onto each share, so it stays right when someone moves).
    """
    day = day or timezone.localdate()
    start, end = day_bounds(day)
    shares = Share.objects.handed_off().filter(
        handed_off_at__gte=start, handed_off_at__lt=end
    )
    clicks = ClickDaily.objects.filter(day=day)
    if location_id is not None:
        shares = shares.filter(location_id=location_id)
        clicks = clicks.filter(share__location_id=location_id)
    counts = shares.aggregate(n=Count("pk"), sharers=Count("user", distinct=True))
    top = (
        shares.values("story_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "story_id")
        .first()
    )
    top_title = ""
    if top is not None:
        top_title = (
            StoryPage.objects.filter(pk=top["story_id"])
            .values_list("title", flat=True)
            .first()
            or ""
        )
    return {
        "shares": counts["n"],
        "sharers": counts["sharers"],
        "clicks": clicks.aggregate(n=Sum("count"))["n"] or 0,
        "top_story": top_title,
    }
