"""Sharing analytics: daily rollups, and the queries behind the dashboard and CSV.

Works-council friendly by construction: nothing here returns one person's
activity, and figures per department or office are only given for groups of at
least MIN_GROUP_SIZE people who shared in the period.

Every table is one function returning a `Table`; the dashboard renders it and
the CSV export writes the very same rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Department, Location
from advocacy.sharing.models import ClickDaily, Share, ShareDaily
from advocacy.sharing.points import sharing_settings
from cms.models import Campaign, StoryPage
from core.network_labels import network_label

MIN_GROUP_SIZE = 5
TOP_STORIES = 50
HIDDEN = gettext_lazy("fewer than 5 — hidden")


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The start and end of a local calendar day, as aware datetimes."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), tz)
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), tz)
    return start, end


# --- rollups ------------------------------------------------------------------------
DIMENSIONS = ("network", "story_id", "campaign_id", "department_id", "location_id")


@transaction.atomic
def rollup_day(day: date) -> int:
    """Rebuild ShareDaily for `day` from Share and ClickDaily. Idempotent."""
    start, end = day_bounds(day)
    cells: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    shares = (
        Share.objects.filter(created_at__gte=start, created_at__lt=end)
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


def _rollup(period: Period):
    return ShareDaily.objects.filter(day__gte=period.start, day__lte=period.end)


def _ctr(clicks: int, shares: int) -> str:
    return f"{clicks / shares:.2f}" if shares else "–"


def _money(value: Decimal, currency: str) -> str:
    return f"{currency} {value:,.2f}"


# --- tables -------------------------------------------------------------------------
def summary(period: Period) -> Table:
    config = sharing_settings()
    totals = _rollup(period).aggregate(shares=Sum("shares"), clicks=Sum("clicks"))
    shares, clicks = totals["shares"] or 0, totals["clicks"] or 0
    start, end = period.bounds()
    sharers = (
        Share.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("user")
        .distinct()
        .count()
    )
    employees = get_user_model().objects.filter(is_active=True).count()
    emv = config.cost_per_click * clicks
    rows = [
        [_("Shares"), shares],
        [_("Clicks (unique visitors a day)"), clicks],
        [_("Clicks per share"), _ctr(clicks, shares)],
        [_("Employees who shared"), sharers],
        [
            _("Share of active employees"),
            f"{100 * sharers / employees:.1f}%" if employees else "–",
        ],
        [
            _("Estimated earned media value"),
            _money(emv, config.currency),
        ],
    ]
    return Table(
        "summary",
        _("Summary"),
        [_("Figure"), _("Value")],
        rows,
        note=_("Earned media value = clicks × %(cpc)s per click.")
        % {"cpc": _money(config.cost_per_click, config.currency)},
    )


def over_time(period: Period) -> Table:
    by_day = {
        row["day"]: row
        for row in _rollup(period)
        .values("day")
        .annotate(shares=Sum("shares"), clicks=Sum("clicks"))
        .order_by()
    }
    rows = []
    for day in period.days:
        row = by_day.get(day, {})
        rows.append([day.isoformat(), row.get("shares") or 0, row.get("clicks") or 0])
    return Table(
        "daily",
        _("Shares and clicks per day"),
        [_("Day"), _("Shares"), _("Clicks")],
        rows,
    )


def _grouped(period: Period, dimension: str) -> list[dict]:
    return list(
        _rollup(period)
        .values(dimension)
        .annotate(shares=Sum("shares"), clicks=Sum("clicks"))
        .order_by("-shares", "-clicks", dimension)
    )


def by_network(period: Period) -> Table:
    rows = [
        [
            network_label(row["network"]),
            row["shares"],
            row["clicks"],
            _ctr(row["clicks"], row["shares"]),
        ]
        for row in _grouped(period, "network")
    ]
    return Table(
        "networks",
        _("By network"),
        [_("Network"), _("Shares"), _("Clicks"), _("Clicks per share")],
        rows,
    )


def by_story(period: Period) -> Table:
    grouped = _grouped(period, "story_id")[:TOP_STORIES]
    titles = dict(
        StoryPage.objects.filter(
            pk__in=[r["story_id"] for r in grouped if r["story_id"]]
        ).values_list("pk", "title")
    )
    rows = [
        [
            titles.get(row["story_id"], _("(deleted story)")),
            row["shares"],
            row["clicks"],
            _ctr(row["clicks"], row["shares"]),
        ]
        for row in grouped
    ]
    return Table(
        "stories",
        _("Top %(n)s stories") % {"n": TOP_STORIES},
        [_("Story"), _("Shares"), _("Clicks"), _("Clicks per share")],
        rows,
    )


def by_campaign(period: Period) -> Table:
    grouped = _grouped(period, "campaign_id")
    names = dict(
        Campaign.objects.filter(
            pk__in=[r["campaign_id"] for r in grouped if r["campaign_id"]]
        ).values_list("pk", "name")
    )
    rows = [
        [
            names.get(row["campaign_id"], _("No campaign")),
            row["shares"],
            row["clicks"],
            _ctr(row["clicks"], row["shares"]),
        ]
        for row in grouped
    ]
    return Table(
        "campaigns",
        _("By campaign"),
        [_("Campaign"), _("Shares"), _("Clicks"), _("Clicks per share")],
        rows,
    )


def _by_group(period: Period, dimension: str, model, slug: str, title: str) -> Table:
    start, end = period.bounds()
    people = dict(
        Share.objects.filter(created_at__gte=start, created_at__lt=end)
        .values(dimension)
        .annotate(n=Count("user", distinct=True))
        .order_by()
        .values_list(dimension, "n")
    )
    grouped = {row[dimension]: row for row in _grouped(period, dimension)}
    names = dict(
        model.objects.filter(pk__in=[k for k in grouped if k]).values_list("pk", "name")
    )
    shown, hidden = [], []
    for key, row in grouped.items():
        name = names.get(key, _("Not set"))
        sharers = people.get(key, 0)
        if sharers < MIN_GROUP_SIZE:
            hidden.append([name, str(HIDDEN), "", "", ""])
            continue
        shown.append(
            [
                name,
                sharers,
                row["shares"],
                row["clicks"],
                _ctr(row["clicks"], row["shares"]),
            ]
        )
    rows = shown + sorted(hidden)
    return Table(
        slug,
        title,
        [
            _("Group"),
            _("People who shared"),
            _("Shares"),
            _("Clicks"),
            _("Clicks per share"),
        ],
        rows,
        note=_(
            "Groups where fewer than %(n)s people shared in this period are hidden, "
            "so no one's activity can be singled out."
        )
        % {"n": MIN_GROUP_SIZE},
    )


def by_department(period: Period) -> Table:
    return _by_group(
        period, "department_id", Department, "departments", _("By department")
    )


def by_location(period: Period) -> Table:
    return _by_group(period, "location_id", Location, "locations", _("By office"))


def adoption(period: Period) -> Table:
    """Employees who shared at least once, per month, and as a share of everyone."""
    start, end = period.bounds()
    employees = get_user_model().objects.filter(is_active=True).count()
    months = (
        Share.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(sharers=Count("user", distinct=True), shares=Count("pk"))
        .order_by("month")
    )
    rows = [
        [
            timezone.localtime(row["month"]).strftime("%Y-%m")
            if isinstance(row["month"], datetime)
            else str(row["month"])[:7],
            row["sharers"],
            f"{100 * row['sharers'] / employees:.1f}%" if employees else "–",
            row["shares"],
        ]
        for row in months
    ]
    return Table(
        "adoption",
        _("Active sharers per month"),
        [_("Month"), _("Employees who shared"), _("Of active employees"), _("Shares")],
        rows,
        note=_("%(n)s active employees.") % {"n": employees},
    )


TABLES = {
    "summary": summary,
    "daily": over_time,
    "networks": by_network,
    "stories": by_story,
    "campaigns": by_campaign,
    "departments": by_department,
    "locations": by_location,
    "adoption": adoption,
}


def dashboard(period: Period) -> dict[str, Table]:
    return {slug: build(period) for slug, build in TABLES.items()}


# --- one employee's own figures (My impact) -------------------------------------------
@dataclass
class ShareImpact:
    share: Share
    clicks: int


def my_shares(*, user, limit: int = 100) -> list[ShareImpact]:
    shares = list(
        Share.objects.filter(user=user)
        .select_related("story")
        .annotate(total_clicks=Sum("clicks__count"))
        .order_by("-created_at")[:limit]
    )
    return [ShareImpact(share, share.total_clicks or 0) for share in shares]


def my_clicks_per_day(*, user, period: Period) -> list[tuple[date, int, int]]:
    start, end = period.bounds()
    clicks = dict(
        ClickDaily.objects.filter(
            share__user=user, day__gte=period.start, day__lte=period.end
        )
        .values("day")
        .annotate(n=Sum("count"))
        .order_by()
        .values_list("day", "n")
    )
    shares_by_day: dict[date, int] = defaultdict(int)
    for created in Share.objects.filter(
        user=user, created_at__gte=start, created_at__lt=end
    ).values_list("created_at", flat=True):
        shares_by_day[timezone.localdate(created)] += 1
    return [(day, shares_by_day.get(day, 0), clicks.get(day, 0)) for day in period.days]


def my_by_network(*, user) -> list[dict]:
    shares = dict(
        Share.objects.filter(user=user)
        .values("network")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("network", "n")
    )
    clicks = dict(
        ClickDaily.objects.filter(share__user=user)
        .values("share__network")
        .annotate(n=Sum("count"))
        .order_by()
        .values_list("share__network", "n")
    )
    rows = [
        {
            "network": network_label(network),
            "shares": n,
            "clicks": clicks.get(network, 0) or 0,
        }
        for network, n in shares.items()
    ]
    return sorted(rows, key=lambda r: (-r["shares"], r["network"]))


def my_totals(*, user) -> dict[str, int]:
    shares = Share.objects.filter(user=user).count()
    clicks = (
        ClickDaily.objects.filter(share__user=user).aggregate(n=Sum("count"))["n"] or 0
    )
    return {"shares": shares, "clicks": clicks}


# --- wall screens -------------------------------------------------------------------
def today_figures(*, location_id: int | None = None, day: date | None = None) -> dict:
    """Today's sharing in numbers for the office screens: counts, no names.

    With `location_id`, only shares by colleagues of that office count (the office
    is copied onto each share, so it stays right when someone moves).
    """
    day = day or timezone.localdate()
    start, end = day_bounds(day)
    shares = Share.objects.filter(created_at__gte=start, created_at__lt=end)
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
