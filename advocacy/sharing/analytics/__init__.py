"""Sharing analytics: rollups per day and month, and the queries behind the
dashboard and CSV.

Works-council friendly by construction: nothing here returns one person's
activity, and figures per department or location are only given for groups of at
least MIN_GROUP_SIZE people who shared in the period.

Every table is one function returning a `Table`; the dashboard renders it and
the CSV export writes the very same rows.
"""

from advocacy.sharing.analytics.dashboard import (
    TABLES,
    adoption,
    by_campaign,
    by_department,
    by_location,
    by_network,
    by_story,
    dashboard,
    over_time,
    summary,
)
from advocacy.sharing.analytics.impact import (
    ShareImpact,
    my_by_network,
    my_clicks_per_day,
    my_shares,
    my_totals,
)
from advocacy.sharing.analytics.periods import (
    HIDDEN,
    MIN_GROUP_SIZE,
    Period,
    Table,
    day_bounds,
)
from advocacy.sharing.analytics.rollups import DIMENSIONS, rollup_day, rollup_days
from advocacy.sharing.analytics.screens import today_figures

__all__ = [
    "DIMENSIONS",
    "HIDDEN",
    "MIN_GROUP_SIZE",
    "TABLES",
    "Period",
    "ShareImpact",
    "Table",
    "adoption",
    "by_campaign",
    "by_department",
    "by_location",
    "by_network",
    "by_story",
    "dashboard",
    "day_bounds",
    "my_by_network",
    "my_clicks_per_day",
    "my_shares",
    "my_totals",
    "over_time",
    "rollup_day",
    "rollup_days",
    "summary",
    "today_figures",
]
