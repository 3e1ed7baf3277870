"""Daily rollups: ShareDaily rebuilt per day from Share and ClickDaily."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Count, Sum

from advocacy.sharing.analytics.periods import day_bounds
from advocacy.sharing.models import ClickDaily, Share, ShareDaily

DIMENSIONS = ("network", "story_id", "campaign_id", "department_id", "location_id")


@transaction.atomic
def rollup_day(day: date) -> int:
    """Rebuild ShareDaily for `day` from Share and ClickDaily. Idempotent.

    A share counts on the day it was handed off; prepared ones never count.
    """
    start, end = day_bounds(day)
    cells: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    shares = (
        Share.objects.handed_off()
        .filter(handed_off_at__gte=start, handed_off_at__lt=end)
        .values(*DIMENSIONS)
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in shares:
        cells[tuple(row[d] for d in DIMENSIONS)][0] += row["n"]
    clicks = (
        ClickDaily.objects.filter(day=day)
        .values(*(f"share__{d}" for d in DIMENSIONS))
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in clicks:
        cells[tuple(row[f"share__{d}"] for d in DIMENSIONS)][1] += row["n"] or 0
    ShareDaily.objects.filter(day=day).delete()
    ShareDaily.objects.bulk_create(
        [
            ShareDaily(
                day=day,
                shares=n_shares,
                clicks=n_clicks,
                **dict(zip(DIMENSIONS, key, strict=True)),
            )
            for key, (n_shares, n_clicks) in cells.items()
        ],
        batch_size=1000,
    )
    return len(cells)


def rollup_days(days: Iterable[date]) -> int:
    return sum(rollup_day(day) for day in sorted(set(days)))
