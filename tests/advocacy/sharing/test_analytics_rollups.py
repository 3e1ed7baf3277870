"""Month rollups: every period's figures equal those counted from the shares and
clicks themselves, and the rule 'group figures only for 5 people or more' holds."""

import importlib
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from accounts.personal_data import user_erase
from advocacy.sharing import analytics
from advocacy.sharing.analytics.dashboard import _grouped, period_rollup
from advocacy.sharing.analytics.people import People, people
from advocacy.sharing.models import ClickDaily, Share, ShareDaily
from advocacy.sharing.rollup_models import ShareRollup
from tests.advocacy.sharing.sharing_support import *  # noqa: F403
from tests.factories import (
    CampaignFactory,
    DepartmentFactory,
    LocationFactory,
    ShareFactory,
    UserFactory,
    story_page_factory,
)

pytestmark = pytest.mark.django_db

FIRST, LAST = date(2025, 10, 20), date(2026, 3, 10)
DIMENSIONS = analytics.DIMENSIONS
CLICKS = "Clicks (unique visitors a day)"
PERIODS = [
    (date(2025, 10, 25), date(2025, 10, 31)),  # part of one month (summer time ends)
    (date(2025, 11, 1), date(2025, 11, 30)),  # exactly one month
    (date(2025, 10, 28), date(2025, 11, 3)),  # across a month's end, no whole month
    (date(2025, 12, 15), date(2026, 1, 20)),  # across the year's end, no whole month
    (date(2025, 11, 1), date(2026, 2, 28)),  # whole months across the year's end
    (date(2025, 10, 21), date(2026, 3, 4)),  # whole months and days at both edges
    (date(2025, 10, 20), date(2025, 11, 30)),  # days, then a whole month
    (date(2025, 12, 31), date(2025, 12, 31)),  # one day
    (date(2024, 12, 2), date(2026, 11, 30)),  # two years around all of it
]


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _moment(day: date, rng: random.Random) -> datetime:
    """A local time on `day`, often right at its start or end."""
    at = rng.choice(
        [time(0, 0), time(0, 1), time(23, 59, 59), time(rng.randrange(24), 30)]
    )
    return timezone.make_aware(datetime.combine(day, at))


@pytest.fixture
def history():
    """Shares and clicks from October 2025 to March 2026, by 40 people."""
    rng = random.Random(7)  # noqa: S311 - the same history every run
    departments = [
        DepartmentFactory(name=f"Department {n}", slug=f"dept-{n}") for n in range(3)
    ]
    locations = [LocationFactory(name=f"Office {n}", slug=f"o-{n}") for n in range(2)]
    campaigns = [CampaignFactory(), CampaignFactory()]
    stories = [story_page_factory(campaign=c) for c in [*campaigns, None]]
    people = [UserFactory() for _ in range(40)]
    days = _days(FIRST, LAST)
    clicks = []
    for n in range(260):
        story = rng.choice(stories)
        shared = _moment(rng.choice(days), rng)
        share = ShareFactory(
            user=rng.choice(people),
            story=story,
            campaign=story.campaign,
            network=rng.choice(["linkedin", "x", "facebook", "email"]),
            department=rng.choice([*departments, None]),
            location=rng.choice([*locations, None]),
            created_at=shared,
            handed_off_at=None if n % 13 == 0 else shared,  # some never left
        )
        day = timezone.localdate(shared)
        for _ in range(rng.randrange(4)):
            day += timedelta(days=rng.randrange(1, 40))
            if day <= LAST:
                clicks.append(ClickDaily(share=share, day=day, count=rng.randint(1, 9)))
    ClickDaily.objects.bulk_create(clicks, ignore_conflicts=True)
    analytics.rollup_days(days)
    return {"people": people, "departments": departments}


def _raw(period: analytics.Period, dimension: str) -> dict:
    """Shares and clicks per value of `dimension`, counted from the source rows."""
    sums = defaultdict(lambda: [0, 0])
    for share in Share.objects.handed_off():
        if period.start <= timezone.localdate(share.handed_off_at) <= period.end:
            sums[getattr(share, dimension)][0] += 1
    for click in ClickDaily.objects.filter(
        day__gte=period.start, day__lte=period.end
    ).select_related("share"):
        sums[getattr(click.share, dimension)][1] += click.count
    return {key: tuple(value) for key, value in sums.items()}


def _daily_grouped(period: analytics.Period, dimension: str) -> list[dict]:
    """The dashboard's grouping as it was computed from ShareDaily before."""
    return list(
        ShareDaily.objects.filter(day__gte=period.start, day__lte=period.end)
        .values(dimension)
        .annotate(shares=Sum("shares"), clicks=Sum("clicks"))
        .order_by("-shares", "-clicks", dimension)
    )


def _tables(period: analytics.Period) -> dict[str, list]:
    """Every table's rows, but the shares of active employees: a leaver is no
    longer an employee."""
    tables = {slug: table.rows for slug, table in analytics.dashboard(period).items()}
    tables["summary"] = [
        r for r in tables["summary"] if r[0] != "Share of active employees"
    ]
    tables["adoption"] = [[r[0], r[1], r[3]] for r in tables["adoption"]]
    return tables


def test_figures_of_any_period_equal_the_source_rows(history):
    for start, end in PERIODS:
        _assert_figures_equal_the_source_rows(analytics.Period(start, end))


def _assert_figures_equal_the_source_rows(period: analytics.Period) -> None:
    for dimension in DIMENSIONS:
        grouped = _grouped(period, dimension)
        assert grouped == _daily_grouped(period, dimension), dimension
        found = {row[dimension]: (row["shares"], row["clicks"]) for row in grouped}
        assert found == _raw(period, dimension), dimension
    per_day = _raw_per_day(period)
    assert people(period) == _raw_people(period)
    adoption = analytics.adoption(period).rows
    assert [[r[0].first_day, r[1], r[3]] for r in adoption] == _raw_adoption(period)
    rows = analytics.over_time(period).rows
    assert rows == [[day, *per_day.get(day, (0, 0))] for day in period.days]
    summary = dict(analytics.summary(period).rows)
    assert (summary["Shares"], summary[CLICKS]) == (
        sum(s for s, _c in per_day.values()),
        sum(c for _s, c in per_day.values()),
    )


def _handed_off_in(period: analytics.Period) -> list[Share]:
    return [
        share
        for share in Share.objects.handed_off()
        if period.start <= timezone.localdate(share.handed_off_at) <= period.end
    ]


def _raw_people(period: analytics.Period) -> People:
    shares = _handed_off_in(period)
    groups = {"department_id": defaultdict(set), "location_id": defaultdict(set)}
    for share in shares:
        for dimension, found in groups.items():
            found[getattr(share, dimension)].add(share.user_id)
    counted = {
        dimension: {key: len(ids) for key, ids in found.items()}
        for dimension, found in groups.items()
    }
    return People(
        total=len({share.user_id for share in shares}),
        by_department=counted["department_id"],
        by_location=counted["location_id"],
    )


def _raw_adoption(period: analytics.Period) -> list[list]:
    months = defaultdict(list)
    for share in _handed_off_in(period):
        months[timezone.localdate(share.handed_off_at).replace(day=1)].append(share)
    return [
        [month, len({s.user_id for s in shares}), len(shares)]
        for month, shares in sorted(months.items())
    ]


def _raw_per_day(period: analytics.Period) -> dict:
    per_day = defaultdict(lambda: [0, 0])
    for share in Share.objects.handed_off():
        day = timezone.localdate(share.handed_off_at)
        if period.start <= day <= period.end:
            per_day[day][0] += 1
    for click in ClickDaily.objects.filter(day__gte=period.start, day__lte=period.end):
        per_day[click.day][1] += click.count
    return {day: tuple(value) for day, value in per_day.items()}


def test_a_period_reads_month_rows_and_only_the_days_at_its_edges(history):
    period = analytics.Period(date(2025, 10, 21), date(2026, 3, 4))
    rows = list(period_rollup(period, "network"))
    months = {r.day for r in rows if r.grain == ShareRollup.Grain.MONTH}
    days = {r.day for r in rows if r.grain == ShareRollup.Grain.DAY}
    assert months == {date(2025, 11, 1), date(2025, 12, 1)} | {
        date(2026, m, 1) for m in (1, 2)
    }
    assert days <= set(_days(date(2025, 10, 21), date(2025, 10, 31))) | set(
        _days(date(2026, 3, 1), date(2026, 3, 4))
    )
    assert days  # the edges have shares in this history


def test_rollups_are_rebuilt_idempotently(history):
    def snapshot():
        return sorted(
            ShareRollup.objects.values_list(
                "grain", "day", "dimension", *DIMENSIONS, "shares", "clicks"
            ),
            key=str,
        )

    before = snapshot()
    analytics.rollup_days(_days(FIRST, LAST))
    analytics.rollup_day(date(2025, 12, 3))
    assert snapshot() == before


def test_late_clicks_for_a_past_day_update_its_month(history):
    period = analytics.Period(date(2025, 11, 1), date(2025, 11, 30))
    shared_before = timezone.make_aware(datetime(2025, 11, 1))
    share = Share.objects.handed_off().filter(handed_off_at__lt=shared_before)[0]
    clicks_before = dict(analytics.summary(period).rows)[CLICKS]
    ClickDaily.objects.update_or_create(
        share=share, day=date(2025, 11, 12), defaults={"count": 100}
    )
    # What the click flush does with the days it wrote to.
    analytics.rollup_days([date(2025, 11, 12)])
    clicks = dict(analytics.summary(period).rows)[CLICKS]
    assert clicks == sum(c for _s, c in _raw_per_day(period).values())
    assert clicks > clicks_before
    for dimension in DIMENSIONS:
        found = {
            row[dimension]: (row["shares"], row["clicks"])
            for row in _grouped(period, dimension)
        }
        assert found == _raw(period, dimension)


def test_erasing_people_keeps_every_figure(history):
    before = {period: _tables(analytics.Period(*period)) for period in PERIODS}
    for person in history["people"][:5]:
        user_erase(user=person)
    for period in PERIODS:
        assert _tables(analytics.Period(*period)) == before[period], period
    analytics.rollup_days(_days(FIRST, LAST))  # and after the job rebuilt them
    for period in PERIODS:
        assert _tables(analytics.Period(*period)) == before[period], period


def test_the_backfill_gives_the_rows_the_job_builds(history):
    def snapshot():
        return sorted(
            ShareRollup.objects.values_list(
                "grain", "day", "dimension", *DIMENSIONS, "shares", "clicks"
            ),
            key=str,
        )

    built = snapshot()
    ShareRollup.objects.all().delete()
    backfill = importlib.import_module(
        "advocacy.migrations.0014_share_rollup_backfill"
    ).backfill
    backfill(apps, connection.schema_editor())
    assert snapshot() == built


@pytest.fixture
def small_groups(story):
    """Two departments of three people each month: the same three in November and
    December in one, three others in December in the other."""
    steady = DepartmentFactory(name="Steady", slug="steady")
    turnover = DepartmentFactory(name="Turnover", slug="turnover")
    threes = {
        name: [UserFactory() for _ in range(3)]
        for name in ("steady", "november", "december")
    }
    for day, department, group in [
        (date(2025, 11, 10), steady, threes["steady"]),
        (date(2025, 12, 10), steady, threes["steady"]),
        (date(2025, 11, 10), turnover, threes["november"]),
        (date(2025, 12, 10), turnover, threes["december"]),
    ]:
        for person in group:
            moment = timezone.make_aware(datetime.combine(day, time(12)))
            ShareFactory(
                user=person,
                story=story,
                department=department,
                created_at=moment,
                handed_off_at=moment,
            )
    analytics.rollup_days([date(2025, 11, 10), date(2025, 12, 10)])


def _departments(start: date, end: date) -> dict[str, list]:
    rows = analytics.by_department(analytics.Period(start, end)).rows
    return {row[0]: row[1:] for row in rows}


def test_people_are_counted_once_over_months_and_small_groups_stay_hidden(
    small_groups,
):
    hidden = [str(analytics.HIDDEN), "", "", ""]
    # Three people in each of two months are three people: still hidden.
    two_months = _departments(date(2025, 11, 1), date(2025, 12, 31))
    assert two_months["Steady"] == hidden
    # Six different people over the two months may be shown, not in one month.
    assert two_months["Turnover"][:2] == [6, 6]
    assert _departments(date(2025, 11, 1), date(2025, 11, 30))["Turnover"] == hidden
    assert _departments(date(2025, 12, 5), date(2025, 12, 31))["Turnover"] == hidden
