"""Rollups: ShareDaily rebuilt per day from Share and ClickDaily, and ShareRollup
(per dimension, per day and per month) rebuilt from the same cells.

Every rebuild starts from the source rows of the day, so running it again, or
after clicks arrived late for a past day, gives the right figures; a month's rows
are summed again from its day rows each time one of its days is rebuilt.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Sum

from advocacy.sharing.analytics.periods import day_bounds, next_month
from advocacy.sharing.models import ClickDaily, Share, ShareDaily
from advocacy.sharing.rollup_models import TOTAL, ShareRollup

DIMENSIONS = ("network", "story_id", "campaign_id", "department_id", "location_id")
# Postgres advisory lock key of the rollup rebuilds ("Boeg").
REBUILD_LOCK = 0x426F6567
Grain = ShareRollup.Grain


def _cells(day: date) -> dict[tuple, list[int]]:
    """Shares and clicks of `day` per combination of DIMENSIONS.

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
    return cells


def _per_dimension(cells: dict[tuple, list[int]]) -> list[ShareRollup]:
    """The cells summed per value of each dimension, and in all (`total`)."""
    sums: dict[tuple[str, object], list[int]] = defaultdict(lambda: [0, 0])
    for key, (n_shares, n_clicks) in cells.items():
        for dimension, value in ((TOTAL, None), *zip(DIMENSIONS, key, strict=True)):
            cell = sums[(dimension, value)]
            cell[0] += n_shares
            cell[1] += n_clicks
    rows = []
    for (dimension, value), (n_shares, n_clicks) in sums.items():
        row = ShareRollup(dimension=dimension, shares=n_shares, clicks=n_clicks)
        if dimension != TOTAL:
            setattr(row, dimension, value)
        rows.append(row)
    return rows


def _month_rebuild(first_day: date) -> int:
    """Sum the month's day rows into its month rows."""
    end = next_month(first_day)
    columns = ("dimension", *DIMENSIONS)
    sums = (
        ShareRollup.objects.filter(grain=Grain.DAY, day__gte=first_day, day__lt=end)
        .values(*columns)
        .annotate(n_shares=Sum("shares"), n_clicks=Sum("clicks"))
        .order_by()
    )
    rows = [
        ShareRollup(
            grain=Grain.MONTH,
            day=first_day,
            shares=row["n_shares"],
            clicks=row["n_clicks"],
            **{c: row[c] for c in columns},
        )
        for row in sums
    ]
    for row in rows:
        if row.dimension == TOTAL:
            row.sharers = (
                Share.objects.handed_off()
                .filter(
                    handed_off_at__gte=day_bounds(first_day)[0],
                    handed_off_at__lt=day_bounds(end)[0],
                )
                .values("user")
                .distinct()
                .count()
            )
    ShareRollup.objects.filter(grain=Grain.MONTH, day=first_day).delete()
    ShareRollup.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _day_rebuild(day: date) -> int:
    cells = _cells(day)
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
    rows = _per_dimension(cells)
    for row in rows:
        row.grain, row.day = Grain.DAY, day
    ShareRollup.objects.filter(grain=Grain.DAY, day=day).delete()
    ShareRollup.objects.bulk_create(rows, batch_size=1000)
    return len(cells)


def _one_rebuild_at_a_time() -> None:
    """Wait for any other rebuild to commit (until this transaction ends).

    Two rebuilds of one day or month at once (the click flush, a hand-off's rollup,
    a figures page's refresh) would each delete only the rows already committed and
    both insert theirs: counted twice. SQLite writes one transaction at a time anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REBUILD_LOCK])


@transaction.atomic
def rollup_day(day: date) -> int:
    """Rebuild the rollups of `day` and its month from Share and ClickDaily.

    Idempotent; returns the number of ShareDaily cells of the day.
    """
    _one_rebuild_at_a_time()
    cells = _day_rebuild(day)
    _month_rebuild(day.replace(day=1))
    return cells


def rollup_days(days: Iterable[date]) -> int:
    """Rebuild each of `days`, then each month they fall in (once per month)."""
    cells = 0
    by_month: dict[date, list[date]] = defaultdict(list)
    for day in sorted(set(days)):
        by_month[day.replace(day=1)].append(day)
    for first_day, month_days in by_month.items():
        with transaction.atomic():
            _one_rebuild_at_a_time()
            cells += sum(_day_rebuild(day) for day in month_days)
            _month_rebuild(first_day)
    return cells
