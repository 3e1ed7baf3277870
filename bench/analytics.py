"""Render time of the sharing analytics dashboard at scale, on Postgres.

Seeds a throw-away database (boeg_bench_analytics) with BENCH_EMPLOYEES
employees (default 10,000), BENCH_SHARES shares (100,000) over the last
BENCH_SPAN_DAYS days (365) and BENCH_CLICKS clicks (1,000,000, as ClickDaily
counts), using COPY; rebuilds the rollups, then prints how long the dashboard takes
to render through the test client (median and p95 of BENCH_REQUESTS renders), for
the default 30 days, a whole year and two years. Target: ≤ 300 ms for any period up
to two years. With the default span every share and click falls in the last year;
BENCH_SPAN_DAYS=730 spreads the same numbers over two years. Under each render time
it prints the queries of one render (per database alias) and the slowest three
(BENCH_PROFILE=0: not). BENCH_KEEP=1 leaves the database for EXPLAIN ANALYZE.

    flock /tmp/bench.lock .venv/bin/python bench/analytics.py
    BENCH_SPAN_DAYS=730 flock /tmp/bench.lock .venv/bin/python bench/analytics.py
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EMPLOYEES = int(os.environ.get("BENCH_EMPLOYEES", 10_000))
SHARES = int(os.environ.get("BENCH_SHARES", 100_000))
CLICKS = int(os.environ.get("BENCH_CLICKS", 1_000_000))
STORIES = int(os.environ.get("BENCH_STORIES", 60))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 15))
SPAN_DAYS = int(os.environ.get("BENCH_SPAN_DAYS", 365))
PROFILE = os.environ.get("BENCH_PROFILE", "1") != "0"
KEEP = os.environ.get("BENCH_KEEP") == "1"
DB_NAME = "boeg_bench_analytics"
NETWORKS = ["linkedin"] * 4 + ["x"] * 2 + ["facebook", "whatsapp", "bluesky", "email"]


def _environment() -> str:
    given = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
    )
    parts = urlsplit(given)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "DATABASE_URL": urlunsplit(parts._replace(path=f"/{DB_NAME}")),
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.pop("REDIS_URL", None)
    import psycopg

    with psycopg.connect(given, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return given


def _drop(given: str) -> None:
    import psycopg

    with psycopg.connect(given, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def _copy(table: str, columns: list[str], rows) -> None:
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def seed(rng: random.Random) -> None:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import Department, Location, Profile, User
    from advocacy.sharing import analytics
    from advocacy.sharing.links import link_code_new
    from advocacy.sharing.models import ClickDaily, Share
    from tests.factories import CampaignFactory, story_page_factory

    t0 = time.monotonic()
    departments = Department.objects.bulk_create(
        Department(name=f"Department {n}", slug=f"dept-{n}") for n in range(8)
    )
    locations = Location.objects.bulk_create(
        Location(name=f"Office {n}", slug=f"office-{n}") for n in range(5)
    )
    campaigns = [CampaignFactory() for _ in range(6)]
    stories = [
        story_page_factory(campaign=rng.choice(campaigns + [None]))
        for _ in range(STORIES)
    ]
    password = make_password("bench-password-not-used")
    users = User.objects.bulk_create(
        (
            User(email=f"employee{n}@bench.example", password=password)
            for n in range(EMPLOYEES)
        ),
        batch_size=2000,
    )
    # A small department and office keep "fewer than 5" rows in the picture.
    Profile.objects.bulk_create(
        (
            Profile(
                user=user,
                display_name=f"Employee {n}",
                department=departments[-1] if n < 4 else rng.choice(departments[:-1]),
                location=locations[-1] if n < 3 else rng.choice(locations[:-1]),
            )
            for n, user in enumerate(users)
        ),
        batch_size=2000,
    )
    print(f"  stories, employees: {time.monotonic() - t0:.1f} s")

    t0 = time.monotonic()
    now = timezone.now()
    profiles = dict(Profile.objects.values_list("user_id", "department_id"))
    offices = dict(Profile.objects.values_list("user_id", "location_id"))
    active = [u.pk for u in users[: int(EMPLOYEES * 0.6)]]  # 60% ever share
    report = json.dumps({"counts": {"block": 0, "warn": 0, "info": 0}, "rules": []})
    codes = set()
    while len(codes) < SHARES:
        codes.add(link_code_new())

    def share_rows():
        for code in codes:
            user = rng.choice(active)
            story = rng.choice(stories)
            yield (
                user,
                story.pk,
                rng.choice(NETWORKS),
                "Proud of this. I work at Stroomwijs.",
                code,
                report,
                "[]",
                "",
                story.campaign_id,
                profiles[user],
                offices[user],
                *[now - timedelta(minutes=rng.randrange(SPAN_DAYS * 24 * 60))] * 2,
                "intent",  # handed off when made: every share here counts
                "",
                "",
            )

    _copy(
        Share._meta.db_table,
        [
            "user_id",
            "story_id",
            "network",
            "text",
            "code",
            "guideline_report",
            "dismissed_warnings",
            "nudge",
            "campaign_id",
            "department_id",
            "location_id",
            "created_at",
            "handed_off_at",
            "hand_off",
            "preview_network",
            "preview_crawler",
        ],
        share_rows(),
    )
    print(f"  {SHARES} shares (COPY): {time.monotonic() - t0:.1f} s")

    t0 = time.monotonic()
    shares = list(Share.objects.values_list("pk", "created_at"))
    per_share = CLICKS / len(shares)
    today = timezone.localdate()
    total = 0

    def click_rows():
        nonlocal total
        for share_id, created in shares:
            remaining = max(0, round(rng.expovariate(1 / per_share)))
            day = timezone.localdate(created)
            while remaining and day <= today:
                count = remaining if rng.random() < 0.4 else rng.randint(1, remaining)
                remaining -= count
                total += count
                yield (share_id, day, count)
                day += timedelta(days=rng.randint(1, 3))

    _copy(ClickDaily._meta.db_table, ["share_id", "day", "count"], click_rows())
    rows = ClickDaily.objects.count()
    elapsed = time.monotonic() - t0
    print(f"  {total} clicks in {rows} ClickDaily rows (COPY): {elapsed:.1f} s")

    t0 = time.monotonic()
    days = [today - timedelta(days=n) for n in range(SPAN_DAYS + 1)]
    cells = analytics.rollup_days(days)
    print(
        f"  rollup of {len(days)} days ({cells} ShareDaily rows): "
        f"{time.monotonic() - t0:.1f} s"
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def queries_profile(client, query: dict) -> None:
    """How many queries one render makes, their time, and the slowest three."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    with contextlib.ExitStack() as stack:
        captured = [
            stack.enter_context(CaptureQueriesContext(connections[alias]))
            for alias in connections
        ]
        client.get("/analytics/", query)
    found = [
        (float(q["time"]) * 1000, alias.connection.alias, q["sql"])
        for alias in captured
        for q in alias.captured_queries
    ]
    per_alias = ", ".join(
        f"{c.connection.alias}: {len(c.captured_queries)}" for c in captured
    )
    print(
        f"{'':34s} {len(found)} queries ({per_alias}), "
        f"{sum(t for t, _a, _s in found):.1f} ms in SQL; slowest:"
    )
    for elapsed, alias, sql in sorted(found, reverse=True)[:3]:
        print(f"{'':36s}{elapsed:6.1f} ms  {alias}  {sql[:100]}")


def measure(label: str, query: dict) -> None:
    from django.test import Client

    from accounts.models import User

    admin = User.objects.filter(
        is_superuser=True
    ).first() or User.objects.create_superuser("bench-admin@bench.example", "x")
    client = Client()
    client.force_login(admin)
    response = client.get("/analytics/", query)
    assert response.status_code == 200, response.status_code
    samples = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get("/analytics/", query)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    print(
        f"{label:34s} median {statistics.median(samples):6.1f} ms   p95 {p95:6.1f} ms"
        f"   ({len(response.content) // 1024} KiB, n={len(samples)})"
    )
    if PROFILE:
        queries_profile(client, query)


def client_csv(today) -> None:
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.filter(is_superuser=True).first())
    start = (today - timedelta(days=364)).isoformat()
    response = client.get("/analytics/departments.csv", {"start": start})
    assert response.status_code == 200


def main() -> None:
    given = _environment()
    try:
        import django

        django.setup()
        from django.core.management import call_command

        t0 = time.monotonic()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.monotonic() - t0:.1f} s")
        print(
            f"scale: {EMPLOYEES} employees, {SHARES} shares, ~{CLICKS} clicks, "
            f"{STORIES} stories, over the last {SPAN_DAYS} days"
        )
        seed(random.Random(42))
        from django.utils import timezone

        today = timezone.localdate()
        measure("dashboard, last 30 days (default)", {})
        measure(
            "dashboard, last 365 days",
            {
                "start": (today - timedelta(days=364)).isoformat(),
                "end": today.isoformat(),
            },
        )
        measure(
            "dashboard, last 730 days",
            {
                "start": (today - timedelta(days=729)).isoformat(),
                "end": today.isoformat(),
            },
        )
        start = time.perf_counter()
        client_csv(today)
        elapsed = 1000 * (time.perf_counter() - start)
        print(f"CSV export, departments, 365 days  {elapsed:6.1f} ms")
        from django.db import connections

        connections.close_all()
    finally:
        if not KEEP:
            _drop(given)


if __name__ == "__main__":
    main()
