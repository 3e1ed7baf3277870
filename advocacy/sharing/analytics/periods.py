"""Periods, tables and the group-size rule every figure in analytics follows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from advocacy.sharing.rollup_models import TOTAL, ShareRollup

MIN_GROUP_SIZE = 5
TOP_STORIES = 50
HIDDEN = gettext_lazy("fewer than 5 — hidden")


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The start and end of a local calendar day, as aware datetimes."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), tz)
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), tz)
    return start, end


# --- the period ---------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @classmethod
    def last_days(cls, days: int = 30, *, today: date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls(today - timedelta(days=days - 1), today)

    @property
    def days(self) -> list[date]:
        return [
            self.start + timedelta(days=n)
            for n in range((self.end - self.start).days + 1)
        ]

    def bounds(self) -> tuple[datetime, datetime]:
        return day_bounds(self.start)[0], day_bounds(self.end)[1]


@dataclass
class Table:
    """A table as the dashboard shows it and the CSV writes it."""

    slug: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""


def next_month(day: date) -> date:
    """The first day of the month after `day`'s."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def whole_months(period: Period) -> tuple[date, date] | None:
    """(first day of the first, first day after the last) of the calendar months
    wholly inside `period`; None when there is none."""
    first = period.start if period.start.day == 1 else next_month(period.start)
    after = (period.end + timedelta(days=1)).replace(day=1)
    return (first, after) if first < after else None


def period_rollup(period: Period, dimension: str) -> QuerySet[ShareRollup]:
    """The rollup rows of `dimension` that add up to `period`: the month rows of
    the whole months in it, the day rows of the days before and after them."""
    day = ShareRollup.Grain.DAY
    months = whole_months(period)
    if months:
        first, after = months
        rows = (
            Q(grain=ShareRollup.Grain.MONTH, day__gte=first, day__lt=after)
            | Q(grain=day, day__gte=period.start, day__lt=first)
            | Q(grain=day, day__gte=after, day__lte=period.end)
        )
    else:
        rows = Q(grain=day, day__gte=period.start, day__lte=period.end)
    return ShareRollup.objects.filter(rows, dimension=dimension)


def daily_totals(period: Period) -> QuerySet[ShareRollup]:
    return ShareRollup.objects.filter(
        grain=ShareRollup.Grain.DAY,
        dimension=TOTAL,
        day__gte=period.start,
        day__lte=period.end,
    )
