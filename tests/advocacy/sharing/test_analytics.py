"""Analytics for comms staff: group figures only, CSV equal to the screen."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from advocacy.sharing import analytics
from advocacy.sharing.analytics.figures import Money, Month, Percent, Ratio, display
from advocacy.sharing.models import ClickDaily, ShareDaily
from tests.advocacy.sharing.sharing_support import *  # noqa: F403
from tests.factories import (
    DepartmentFactory,
    LocationFactory,
    ShareFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Every table shown as a <table>; "summary" (tiles) and "daily" (a chart) have
# tests of their own below.
TABLES = [slug for slug in analytics.TABLES if slug not in {"summary", "daily"}]


class TableParser(HTMLParser):
    """Rows of every <table data-table="..."> as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current = None
        self.row = None
        self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-table" in attrs:
            self.current = attrs["data-table"]
            self.tables[self.current] = []
        elif tag == "tr" and self.current:
            self.row = []
        elif tag in {"td", "th"} and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self.current = None
        elif tag == "tr" and self.row is not None:
            self.tables[self.current].append(self.row)
            self.row = None
        elif tag in {"td", "th"} and self.cell is not None:
            self.row.append(" ".join(self.cell.split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


@pytest.fixture
def organisation(story):
    """Sales: 6 people shared; IT: 4 (too few to show); one office each."""
    today = timezone.localdate()
    sales = DepartmentFactory(name="Sales", slug="sales")
    it = DepartmentFactory(name="IT", slug="it")
    utrecht = LocationFactory(name="Utrecht", slug="utrecht")
    eindhoven = LocationFactory(name="Eindhoven", slug="eindhoven")
    people = []
    for n in range(10):
        department, location = (sales, utrecht) if n < 6 else (it, eindhoven)
        user = UserFactory(email=f"person{n}@example.com")
        people.append(user)
        for network in ("linkedin", "x") if n % 2 else ("linkedin",):
            share = ShareFactory(
                user=user,
                story=story,
                network=network,
                department=department,
                location=location,
                campaign=story.campaign,
            )
            ClickDaily.objects.create(share=share, day=today, count=n + 1)
    analytics.rollup_day(today)
    return {"people": people, "sales": sales, "it": it}


@pytest.fixture
def comms_client(client, comms_user):
    client.force_login(comms_user)
    return client


def test_analytics_needs_the_permission(client, employee):
    client.force_login(employee)
    assert client.get("/analytics/").status_code == 403
    assert client.get("/analytics/summary.csv").status_code == 403


def test_rollup_is_rebuilt_idempotently(organisation, story):
    today = timezone.localdate()
    analytics.rollup_day(today)
    analytics.rollup_day(today)
    totals = {
        "shares": sum(ShareDaily.objects.values_list("shares", flat=True)),
        "clicks": sum(ShareDaily.objects.values_list("clicks", flat=True)),
    }
    assert totals == {"shares": 15, "clicks": 85}


def test_dashboard_shows_totals_by_network_and_campaign(comms_client, organisation):
    response = comms_client.get("/analytics/")
    assert response.status_code == 200
    tables = response.context["tables"]
    summary = dict(tables["summary"].rows)
    assert summary["Shares"] == 15
    assert summary["Employees who shared"] == 10
    networks = {row[0]: row[1:3] for row in tables["networks"].rows}
    assert networks == {"LinkedIn": [10, 55], "X": [5, 30]}
    assert tables["campaigns"].rows[0][:3] == ["Werken bij", 15, 85]
    assert "<svg" in response.content.decode()


def test_groups_with_fewer_than_five_people_are_hidden(comms_client, organisation):
    response = comms_client.get("/analytics/")
    departments = {
        row[0]: row for row in response.context["tables"]["departments"].rows
    }
    assert departments["Sales"][1:4] == [6, 9, 33]
    assert departments["IT"][1] == "fewer than 5 — hidden"
    assert departments["IT"][2:] == ["", "", ""]
    locations = {row[0]: row for row in response.context["tables"]["locations"].rows}
    assert locations["Eindhoven"][1] == "fewer than 5 — hidden"
    html = response.content.decode()
    assert "fewer than 5 — hidden" in html
    csv_rows = list(
        csv.reader(
            io.StringIO(comms_client.get("/analytics/departments.csv").content.decode())
        )
    )
    assert ["IT", "fewer than 5 — hidden", "", "", ""] in csv_rows


def test_no_view_lists_individuals(comms_client, organisation):
    html = comms_client.get("/analytics/").content.decode()
    for user in organisation["people"]:
        assert user.email not in html
        assert user.display_name not in html


@pytest.mark.parametrize("slug", TABLES)
def test_csv_export_has_the_dashboards_rows(comms_client, organisation, slug):
    """One table, two forms: the page in the reader's language, the CSV plain."""
    query = {
        "start": (timezone.localdate() - timedelta(days=6)).isoformat(),
        "end": timezone.localdate().isoformat(),
    }
    response = comms_client.get("/analytics/", query)
    table = response.context["tables"][slug]
    parser = TableParser()
    parser.feed(response.content.decode())
    shown = [[" ".join(display(c).split()) for c in row] for row in table.rows]
    assert parser.tables[slug] == [table.columns, *shown]
    response = comms_client.get(f"/analytics/{slug}.csv", query)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [table.columns, *[[str(c) for c in row] for row in table.rows]]


def test_daily_csv_matches_the_chart_data(comms_client, organisation):
    response = comms_client.get("/analytics/")
    daily = response.context["tables"]["daily"].rows
    rows = list(
        csv.reader(
            io.StringIO(comms_client.get("/analytics/daily.csv").content.decode())
        )
    )
    assert rows[1:] == [[str(c) for c in row] for row in daily]
    assert len(rows) == 31 and rows[-1][1:] == ["15", "85"]


def test_default_period_is_the_last_30_days(comms_client, organisation):
    period = comms_client.get("/analytics/").context["period"]
    assert period.end == timezone.localdate()
    assert (period.end - period.start).days == 29


@pytest.mark.parametrize(
    "query",
    [{"start": "not-a-date"}, {"start": "2030-02-01", "end": "2030-01-01"}],
)
def test_bad_dates_are_a_form_error(comms_client, organisation, query):
    response = comms_client.get("/analytics/", query)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "That period does not work" in response.content.decode()
    assert comms_client.get("/analytics/summary.csv", query).status_code == 400


def test_adoption_counts_active_sharers_per_month(comms_client, organisation):
    table = comms_client.get("/analytics/").context["tables"]["adoption"]
    month = timezone.localdate().strftime("%Y-%m")
    row = next(r for r in table.rows if str(r[0]) == month)
    assert row[1] == 10 and row[3] == 15


def test_summary_csv_matches_the_tiles(comms_client, organisation):
    response = comms_client.get("/analytics/")
    html = response.content.decode()
    summary = response.context["tables"]["summary"].rows
    rows = list(
        csv.reader(
            io.StringIO(comms_client.get("/analytics/summary.csv").content.decode())
        )
    )
    assert rows[0] == ["Figure", "Value"]
    assert rows[1:] == [[label, str(value)] for label, value in summary]
    for label, value in summary:
        assert f'<span class="stat__value">{display(value)}</span>' in html
        assert f'<span class="stat__label">{label}</span>' in html


def test_figures_read_as_dutch_in_dutch_and_plain_in_csv(comms_client, organisation):
    from advocacy.sharing.models import SharingSettings

    config = SharingSettings.load()
    config.cost_per_click = Decimal("975")
    config.save()
    response = comms_client.get("/analytics/", HTTP_ACCEPT_LANGUAGE="nl")
    summary = dict(response.context["tables"]["summary"].rows)
    money = next(v for v in summary.values() if isinstance(v, Money))
    share = next(v for v in summary.values() if isinstance(v, Percent))
    assert money.amount >= 1000  # so the thousands separator shows
    euros, cents = f"{money.amount:.2f}".split(".")
    dutch_money = f"€\u00a0{int(euros):,}".replace(",", ".") + f",{cents}"
    dutch_share = f"{share.value:.1f}".replace(".", ",") + "\u00a0%"
    html = response.content.decode()
    assert dutch_money in html and dutch_share in html
    plain = comms_client.get("/analytics/summary.csv").content.decode()
    assert f"{money.amount:.2f}" in plain and f"{share.value:.1f}" in plain


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nl",
            ["1.300", "0,57", "86,7\u00a0%", "€\u00a0975,00", "1 dec 2026", "dec 2026"],
        ),
        ("en", ["1,300", "0.57", "86.7%", "€975.00", "1 Dec 2026", "Dec 2026"]),
    ],
)
def test_figures_display_in_the_active_language(language, expected):
    from django.utils import translation

    values = [
        1300,
        Ratio(4 / 7),
        Percent(86.66),
        Money(Decimal("975"), "€"),
        date(2026, 12, 1),
        Month(date(2026, 12, 1)),
    ]
    with translation.override(language):
        assert [display(v) for v in values] == expected
    assert [str(v) for v in values] == [
        "1300",
        "0.57",
        "86.7",
        "975.00",
        "2026-12-01",
        "2026-12",
    ]


@pytest.mark.parametrize("buffer", ["db", "redis"])
def test_dashboard_shows_todays_clicks_without_a_cron_job(
    request, comms_user, story, buffer
):
    """A click brings the figures up to date (flush + today's rollup), at most
    once per refresh interval; the dashboard itself only reads."""
    from django.core.cache import cache
    from django.test import Client

    from advocacy.sharing.tasks import REFRESH_LOCK_KEY

    request.getfixturevalue(f"{buffer}_clicks")
    share = ShareFactory(story=story, code="Fresh123")
    visitor = Client(
        HTTP_USER_AGENT="Mozilla/5.0 (iPhone; CPU iPhone OS 17_4) Safari/604.1",
        REMOTE_ADDR="203.0.113.7",
    )
    assert visitor.get(f"/s/{share.code}").status_code == 302
    viewer = Client()
    viewer.force_login(comms_user)
    summary = dict(viewer.get("/analytics/").context["tables"]["summary"].rows)
    assert summary["Shares"] == 1
    assert summary["Clicks (unique visitors a day)"] == 1

    # Within the refresh interval a click is counted but not yet in the figures...
    visitor.get("/s/Fresh123", REMOTE_ADDR="203.0.113.8")
    summary = dict(viewer.get("/analytics/").context["tables"]["summary"].rows)
    assert summary["Clicks (unique visitors a day)"] == 1
    # ...and the first click after it brings every waiting click in.
    cache.delete(REFRESH_LOCK_KEY)
    visitor.get("/s/Fresh123", REMOTE_ADDR="203.0.113.9")
    summary = dict(viewer.get("/analytics/").context["tables"]["summary"].rows)
    assert summary["Clicks (unique visitors a day)"] == 3


@pytest.mark.parametrize(
    "url", ["/impact/", "/leaderboard/", "/analytics/", "/analytics/stories.csv"]
)
def test_figures_pages_only_read(comms_user, story, url, db_clicks):
    """Looking at figures never writes: no flush, rollup or points on a GET."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    share = ShareFactory(story=story, code="Read1234")
    visitor = Client(
        HTTP_USER_AGENT="Mozilla/5.0 (iPhone; CPU iPhone OS 17_4) Safari/604.1",
        REMOTE_ADDR="203.0.113.7",
    )
    visitor.get(f"/s/{share.code}")
    visitor.get(f"/s/{share.code}", REMOTE_ADDR="203.0.113.8")  # waits in the buffer
    viewer = Client()
    viewer.force_login(comms_user)
    with CaptureQueriesContext(connection) as queries:
        assert viewer.get(url).status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == []


def test_charts_show_story_titles_as_text_never_markup():
    from advocacy.sharing import charts

    series = [charts.Series("<b>Shares</b>", [3, 1], "is-shares")]
    chart = charts.bar_chart(
        ['<script>alert("x")</script>', "Tom & Jerry"], series, title="<i>t</i>"
    )
    legend = charts.legend(series)
    for html in (chart, legend):
        assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;" in chart and "Tom &amp; Jerry" in chart
    assert "&lt;b&gt;Shares&lt;/b&gt;" in legend


def test_department_names_in_figures_follow_the_readers_language(
    comms_client, organisation
):
    from accounts.models import Department

    Department.objects.filter(name="Sales").update(name_nl="Verkoop")
    dutch = comms_client.get("/analytics/", HTTP_ACCEPT_LANGUAGE="nl")
    rows = {row[0] for row in dutch.context["tables"]["departments"].rows}
    assert "Verkoop" in rows and "Sales" not in rows
    english = comms_client.get("/analytics/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Sales" in {row[0] for row in english.context["tables"]["departments"].rows}


def test_csv_export_defuses_a_formula_typed_as_a_name(comms_client, organisation):
    formula = '=HYPERLINK("http://x.example","Sales")'
    organisation["sales"].name = formula
    organisation["sales"].save()
    response = comms_client.get("/analytics/departments.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    names = [row[0] for row in rows[1:]]
    assert "'" + formula in names
    assert formula not in names
