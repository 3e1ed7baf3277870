"""Server time of the story library and the public story page at scale.

Seeds 5,000 stories and 10,000 employees into a throw-away database and prints
p50/p99 of the time Django takes to answer (test client, no network):

    .venv/bin/python bench/library.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/library.py

SQLite goes to a temporary file. For Postgres a fresh database is created next to
the one in BENCH_DATABASE_URL and dropped afterwards. Targets: p50 ≤ 25 ms,
p99 ≤ 60 ms for both pages. Wall time counts waiting for a CPU on a busy machine;
the "cpu" line (this thread's CPU time) does not.

Digging deeper: BENCH_PROFILE=1 (slowest queries per filter), BENCH_CPROFILE=
cumulative|tottime (Python profile), BENCH_EXPLAIN=1 (the library query plan).
"""

from __future__ import annotations

import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STORIES = int(os.environ.get("BENCH_STORIES", 5_000))
EMPLOYEES = int(os.environ.get("BENCH_EMPLOYEES", 10_000))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 300))
WARMUP = 60
SEED = 20_26


def _prepare_environment(tmp: Path) -> tuple[str, str | None]:
    """Point Django at a throw-away database; returns (url, postgres db to drop)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ.pop("REDIS_URL", None)
    given = os.environ.get("BENCH_DATABASE_URL", "")
    if not given:
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        os.environ["DATABASE_URL"] = url
        return url, None
    parts = urlsplit(given)
    if not parts.scheme.startswith("postgres"):
        os.environ["DATABASE_URL"] = given
        return given, None
    import psycopg

    name = f"boeg_bench_{os.getpid()}"
    with psycopg.connect(given, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(parts._replace(path=f"/{name}"))
    os.environ["DATABASE_URL"] = url
    return url, name


def _drop_postgres(given: str, name: str) -> None:
    import psycopg

    with psycopg.connect(given, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _jpeg(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), colour).save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def seed(rng: random.Random) -> dict:
    """Bulk-create a realistic library. Returns what the timing loop needs."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.images import ImageFile
    from django.db import connection, transaction
    from django.utils import timezone
    from taggit.models import Tag
    from wagtail.images import get_image_model
    from wagtail.models import Page

    from accounts import roles
    from accounts.models import Department, Location, Profile, User
    from cms.models import (
        Campaign,
        HomePage,
        ShareText,
        StoryIndexPage,
        StoryPage,
        StoryStats,
        StoryTag,
    )
    from core import networks

    now = timezone.now()
    locations = Location.objects.bulk_create(
        Location(name=name.title(), slug=name)
        for name in ("rotterdam", "utrecht", "eindhoven", "antwerpen")
    )
    departments = Department.objects.bulk_create(
        Department(name=name.replace("-", " ").title(), slug=name)
        for name in (
            "customer-service",
            "sales",
            "marketing-communications",
            "it",
            "logistics",
            "people-culture",
        )
    )
    campaigns = Campaign.objects.bulk_create(
        Campaign(name=f"Campaign {n}", slug=f"campaign-{n}", colour="#0B5FFF")
        for n in range(20)
    )
    tags = Tag.objects.bulk_create(
        Tag(name=f"topic {n}", slug=f"topic-{n}") for n in range(40)
    )
    image_model = get_image_model()
    images = []
    for n in range(8):
        image = image_model(title=f"Bench image {n}")
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        image.file = ImageFile(io.BytesIO(_jpeg(colour)), name=f"bench-{n}.jpg")
        image.save()
        images.append(image)

    home = HomePage.objects.get()
    index = StoryIndexPage(title="Stories", slug="stories")
    home.add_child(instance=index)
    index.save_revision().publish()
    index.refresh_from_db()

    # Pages: one bulk insert into wagtailcore_page with correct materialised paths,
    # then one into cms_storypage. treebeard's add_child would lock and renumber
    # per page; here the paths are simply the index's path plus steps 1..N.
    story_type = ContentType.objects.get_for_model(StoryPage)
    pages = []
    stories = []
    for n in range(1, STORIES + 1):
        slug = f"story-{n}"
        roll = rng.random()
        live, go_live_at, expire_at = True, None, None
        if roll < 0.03:
            live, go_live_at = False, now + timedelta(days=rng.randint(1, 30))
        elif roll < 0.08:
            expire_at = now - timedelta(days=rng.randint(1, 30))
        published = now - timedelta(minutes=rng.randint(1, 60 * 24 * 365))
        title = f"Story {n}: {rng.choice(['Why', 'How', 'Meet', 'Inside'])} our team"
        pages.append(
            Page(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=story_type,
                path=StoryIndexPage._get_path(index.path, index.depth + 1, n),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                live=live,
                has_unpublished_changes=False,
                first_published_at=published if live else None,
                last_published_at=published if live else None,
                go_live_at=go_live_at,
                expire_at=expire_at,
                locale_id=index.locale_id,
                translation_key=uuid.uuid4(),
            )
        )
    with transaction.atomic():
        Page.objects.bulk_create(pages, batch_size=500)
        if pages[0].pk is None:
            raise SystemExit("bulk_create did not return primary keys")
        for page in pages:
            story = StoryPage(
                intro="A story colleagues like to share with their network. " * 2,
                hero_image_id=rng.choice(images).pk if rng.random() < 0.9 else None,
                body=[
                    {
                        "type": "paragraph",
                        "value": "<p>" + "Something worth telling. " * 40 + "</p>",
                    },
                    {
                        "type": "quote",
                        "value": {
                            "text": "Proud of this.",
                            "attribution": "A colleague",
                        },
                    },
                ],
                campaign_id=rng.choice(campaigns).pk if rng.random() < 0.6 else None,
                language=rng.choice(["nl", "en"]),
                featured=rng.random() < 0.02,
                promotional=rng.random() < 0.1,
            )
            story.page_ptr_id = page.pk
            story.pk = page.pk
            stories.append(story)
        # Django refuses bulk_create for multi-table children; _insert is the
        # statement bulk_create would run for the child table.
        fields = StoryPage._meta.local_concrete_fields
        for start in range(0, len(stories), 500):
            StoryPage._base_manager._insert(
                stories[start : start + 500], fields=fields, using="default"
            )
        Page.objects.filter(pk=index.pk).update(numchild=STORIES)
        StoryStats.objects.bulk_create(
            [
                StoryStats(story_id=s.pk, share_count=rng.randint(0, 200))
                for s in stories
            ],
            batch_size=1000,
        )

        through_departments = StoryPage.audience_departments.through
        through_locations = StoryPage.audience_locations.through
        department_rows, location_rows, tag_rows, suggestion_rows = [], [], [], []
        for page in pages:
            roll = rng.random()
            if 0.6 <= roll < 0.8 or roll >= 0.95:
                location_rows.append(
                    through_locations(
                        storypage_id=page.pk, location_id=rng.choice(locations).pk
                    )
                )
            if roll >= 0.8:
                for department in rng.sample(departments, rng.randint(1, 2)):
                    department_rows.append(
                        through_departments(
                            storypage_id=page.pk, department_id=department.pk
                        )
                    )
            for tag in rng.sample(tags, rng.randint(1, 3)):
                tag_rows.append(StoryTag(content_object_id=page.pk, tag_id=tag.pk))
            for order, network in enumerate(
                rng.sample(list(networks.CODES), rng.randint(1, 4))
            ):
                suggestion_rows.append(
                    ShareText(
                        page_id=page.pk,
                        network=network,
                        text="Have a look at this!",
                        sort_order=order,
                    )
                )
        through_departments.objects.bulk_create(department_rows, batch_size=1000)
        through_locations.objects.bulk_create(location_rows, batch_size=1000)
        StoryTag.objects.bulk_create(tag_rows, batch_size=1000)
        ShareText.objects.bulk_create(suggestion_rows, batch_size=1000)

        password = make_password("bench-password-not-used")
        users = User.objects.bulk_create(
            (
                User(email=f"employee{n}@bench.example", password=password)
                for n in range(EMPLOYEES)
            ),
            batch_size=1000,
        )
        Profile.objects.bulk_create(
            (
                Profile(
                    user=user,
                    display_name=f"Employee {n}",
                    department=rng.choice(departments),
                    location=rng.choice(locations),
                )
                for n, user in enumerate(users)
            ),
            batch_size=1000,
        )
        employees = Group.objects.get(name=roles.EMPLOYEES)
        User.groups.through.objects.bulk_create(
            (
                User.groups.through(user_id=user.pk, group_id=employees.pk)
                for user in users
            ),
            batch_size=1000,
        )

    # A live database has planner statistics (autovacuum, or sqlite's optimize);
    # a freshly bulk-loaded one does not until it is analysed.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    problems = Page.find_problems()
    if any(problems):
        raise SystemExit(f"page tree is invalid: {problems}")
    return {
        "users": users,
        "story_slugs": [
            page.slug for page in pages if page.live and not page.expire_at
        ],
        "tags": tags,
        "campaigns": campaigns,
    }


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return (
        f"p50 {p50:6.1f} ms   p99 {p99:6.1f} ms   mean {statistics.fmean(ordered):6.1f}"
        f" ms   max {ordered[-1]:6.1f} ms   (n={len(ordered)})"
    )


def measure(data: dict, rng: random.Random) -> None:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core import networks

    users = rng.sample(data["users"], 40)
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    variants = [
        {},
        {},
        {},
        {"page": "2"},
        {"topic": rng.choice(data["tags"]).slug},
        {"campaign": rng.choice(data["campaigns"]).slug},
        {"network": rng.choice(networks.CODES)},
    ]

    def library_request(i: int):
        return clients[i % len(clients)].get("/", variants[i % len(variants)])

    anonymous = Client()
    story_urls = [f"/stories/{slug}/" for slug in data["story_slugs"]]

    def story_request(i: int):
        return anonymous.get(rng.choice(story_urls))

    if os.environ.get("BENCH_EXPLAIN"):
        from cms.selectors import stories_for_user

        stories = stories_for_user(users[0], language="nl")
        print(stories[:12].explain(analyze=True))
        print(stories.count)
    for label, request in (
        ("library /", library_request),
        ("story page", story_request),
    ):
        for i in range(WARMUP):  # first views make image renditions, fill caches
            response = request(i)
            assert response.status_code == 200, response.status_code
        timings = []
        cpu_timings = []
        query_counts = []
        for i in range(REQUESTS):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                cpu_started = time.thread_time()
                response = request(i)
                cpu_timings.append((time.thread_time() - cpu_started) * 1000)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            query_counts.append(len(queries))
        print(
            f"{label:<11} {_percentiles(timings)}   "
            f"queries {min(query_counts)}–{max(query_counts)}"
        )
        # On a busy machine wall time includes waiting for a CPU; this does not
        # (for SQLite it includes the database's work, for Postgres it does not).
        print(f"{'  cpu':<11} {_percentiles(cpu_timings)}")
        if os.environ.get("BENCH_CPROFILE"):
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            for i in range(50):
                request(i)
            profiler.disable()
            pstats.Stats(profiler).sort_stats(os.environ["BENCH_CPROFILE"]).print_stats(
                60
            )
        if os.environ.get("BENCH_PROFILE"):
            for i in range(len(variants)):
                with CaptureQueriesContext(connection) as queries:
                    request(i)
                slow = sorted(queries, key=lambda q: -float(q["time"]))[:3]
                print(
                    "  ",
                    variants[i] if label.startswith("lib") else "",
                    [(q["time"], q["sql"][:160]) for q in slow],
                )


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="boeg-bench-"))
    given = os.environ.get("BENCH_DATABASE_URL", "")
    url, postgres_name = _prepare_environment(tmp)
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrated = time.perf_counter()
        rng = random.Random(SEED)
        data = seed(rng)
        seeded = time.perf_counter()
        print(
            f"database: {connection.vendor} {connection.Database.__name__} "
            f"({'temporary file' if url.startswith('sqlite') else postgres_name})"
        )
        print(
            f"seeded {STORIES} stories, {EMPLOYEES} employees in "
            f"{seeded - migrated:.1f} s (migrate {migrated - started:.1f} s); "
            f"page tree valid"
        )
        measure(data, rng)
        print("target: p50 ≤ 25 ms, p99 ≤ 60 ms")
    finally:
        from django.db import connections

        connections.close_all()
        if postgres_name:
            _drop_postgres(given, postgres_name)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
