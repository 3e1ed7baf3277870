"""The dashboard's tables for comms staff; the CSV export writes the same rows.

Nothing here returns one person's activity; groups below MIN_GROUP_SIZE are hidden.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.utils.translation import gettext as _

from accounts.models import Department, Location
from advocacy.sharing.analytics.figures import Money, Month, display, percent, ratio
from advocacy.sharing.analytics.people import People, people, sharers_per_month
from advocacy.sharing.analytics.periods import (
    HIDDEN,
    MIN_GROUP_SIZE,
    TOP_STORIES,
    Period,
    Table,
    daily_totals,
    period_rollup,
)
from advocacy.sharing.points import sharing_settings
from advocacy.sharing.rollup_models import TOTAL
from cms.models import Campaign, StoryPage
from core.network_labels import network_label


def _employees() -> int:
    return get_user_model().objects.filter(is_active=True).count()


def summary(
    period: Period, *, sharing: People | None = None, employees: int | None = None
) -> Table:
    config = sharing_settings()
    totals = period_rollup(period, TOTAL).aggregate(
        shares=Sum("shares"), clicks=Sum("clicks")
    )
    shares, clicks = totals["shares"] or 0, totals["clicks"] or 0
    sharers = (sharing or people(period)).total
    employees = _employees() if employees is None else employees
    emv = config.cost_per_click * clicks
    rows = [
        [_("Shares"), shares],
        [_("Clicks (unique visitors a day)"), clicks],
        [_("Clicks per share"), ratio(clicks, shares)],
        [_("Employees who shared"), sharers],
        [
            _("Share of active employees"),
            percent(sharers, employees),
        ],
        [
            _("Estimated earned media value"),
            Money(emv, config.currency),
        ],
    ]
    return Table(
        "summary",
        _("Summary"),
        [_("Figure"), _("Value")],
        rows,
        note=_("Earned media value = clicks × %(cpc)s per click.")
        % {"cpc": display(Money(config.cost_per_click, config.currency))},
    )


def over_time(period: Period) -> Table:
    by_day = {
        day: (shares, clicks)
        for day, shares, clicks in daily_totals(period).values_list(
            "day", "shares", "clicks"
        )
    }
    rows = [[day, *by_day.get(day, (0, 0))] for day in period.days]
    return Table(
        "daily",
        _("Shares and clicks per day"),
        [_("Day"), _("Shares"), _("Clicks")],
        rows,
    )


def _grouped(period: Period, dimension: str) -> list[dict]:
    return list(
        period_rollup(period, dimension)
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
            ratio(row["clicks"], row["shares"]),
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
            ratio(row["clicks"], row["shares"]),
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
            ratio(row["clicks"], row["shares"]),
        ]
        for row in grouped
    ]
    return Table(
        "campaigns",
        _("By campaign"),
        [_("Campaign"), _("Shares"), _("Clicks"), _("Clicks per share")],
        rows,
    )


def _by_group(
    period: Period, counted: dict, dimension: str, model, slug: str, title: str
) -> Table:
    grouped = {row[dimension]: row for row in _grouped(period, dimension)}
    names = {
        pk: str(group)  # a department's name in the reader's language
        for pk, group in model.objects.in_bulk([k for k in grouped if k]).items()
    }
    shown, hidden = [], []
    for key, row in grouped.items():
        name = names.get(key, _("Not set"))
        sharers = counted.get(key, 0)
        if sharers < MIN_GROUP_SIZE:
            hidden.append([name, str(HIDDEN), "", "", ""])
            continue
        shown.append(
            [
                name,
                sharers,
                row["shares"],
                row["clicks"],
                ratio(row["clicks"], row["shares"]),
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


def by_department(period: Period, *, sharing: People | None = None) -> Table:
    return _by_group(
        period,
        (sharing or people(period)).by_department,
        "department_id",
        Department,
        "departments",
        _("By department"),
    )


def by_location(period: Period, *, sharing: People | None = None) -> Table:
    return _by_group(
        period,
        (sharing or people(period)).by_location,
        "location_id",
        Location,
        "locations",
        _("By location"),
    )


def adoption(period: Period, *, employees: int | None = None) -> Table:
    """Employees who shared at least once, per month, and as a share of everyone."""
    employees = _employees() if employees is None else employees
    rows = [
        [Month(month), sharers, percent(sharers, employees), shares]
        for month, sharers, shares in sharers_per_month(period)
    ]
    return Table(
        "adoption",
        _("Active sharers per month"),
        [_("Month"), _("Employees who shared"), _("Of active employees"), _("Shares")],
        rows,
        note=_("%(n)s active employees.") % {"n": display(employees)},
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
    """Every table; the people who shared and the employees are counted once."""
    shared = {"sharing": people(period)}
    employees = {"employees": _employees()}
    extra = {
        "summary": shared | employees,
        "departments": shared,
        "locations": shared,
        "adoption": employees,
    }
    return {
        slug: build(period, **extra.get(slug, {})) for slug, build in TABLES.items()
    }
