"""How many people shared in a period: in all, per department, per location, and
per month. People are counted once per period, however many months or shares they
span, so these never come from adding up rollups of shorter periods: one query on
the shares (read from their index alone) gives the first three, the month rows'
`sharers` the whole months of the fourth.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from advocacy.sharing.analytics.periods import Period, day_bounds, whole_months
from advocacy.sharing.models import Share
from advocacy.sharing.rollup_models import TOTAL, ShareRollup


@dataclass(frozen=True)
class People:
    total: int
    # Key: a department's or location's id, None for "not set".
    by_department: dict[int | None, int]
    by_location: dict[int | None, int]


def _shares(start: date, end: date):
    """Shares handed off from the start of `start` to the end of `end`."""
    return Share.objects.handed_off().filter(
        handed_off_at__gte=day_bounds(start)[0], handed_off_at__lt=day_bounds(end)[1]
    )


def people(period: Period) -> People:
    rows = (
        _shares(period.start, period.end)
        .values_list("user_id", "department_id", "location_id")
        .distinct()
        .order_by()
    )
    users: set[int] = set()
    departments: dict[int | None, set[int]] = defaultdict(set)
    locations: dict[int | None, set[int]] = defaultdict(set)
    for user, department, location in rows:
        users.add(user)
        departments[department].add(user)
        locations[location].add(user)
    return People(
        total=len(users),
        by_department={key: len(ids) for key, ids in departments.items()},
        by_location={key: len(ids) for key, ids in locations.items()},
    )


def sharers_per_month(period: Period) -> list[tuple[date, int, int]]:
    """(month's first day, people who shared, shares) for each month of `period`
    with shares; a partial month at an edge counts only its days in the period."""
    found: dict[date, tuple[int, int]] = {}
    months = whole_months(period)
    if months:
        first, after = months
        found.update(
            (row.day, (row.sharers, row.shares))
            for row in ShareRollup.objects.filter(
                grain=ShareRollup.Grain.MONTH,
                dimension=TOTAL,
                day__gte=first,
                day__lt=after,
                shares__gt=0,
            )
        )
    for start, end in edges(period):
        for row in (
            _shares(start, end)
            .annotate(month=TruncMonth("handed_off_at"))
            .values("month")
            .annotate(sharers=Count("user", distinct=True), shares=Count("pk"))
            .order_by()
        ):
            month = row["month"]
            if isinstance(month, datetime):
                month = timezone.localtime(month).date()
            found[month] = (row["sharers"], row["shares"])
    return [(month, *found[month]) for month in sorted(found)]


def edges(period: Period) -> list[tuple[date, date]]:
    """The runs of days of `period` outside its whole months (at most two)."""
    months = whole_months(period)
    if not months:
        return [(period.start, period.end)]
    first, after = months
    runs = []
    if period.start < first:
        runs.append((period.start, first - timedelta(days=1)))
    if after <= period.end:
        runs.append((after, period.end))
    return runs
