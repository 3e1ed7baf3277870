"""Tracked-link redirects per second, against a trivial Django 302, over loopback.

Creates a throw-away Postgres database (boeg_bench_redirect), seeds stories and
shares, starts uvicorn (1 worker) with the real app and then with
bench/redirect_baseline.py (same settings and middleware, a view that only
returns a 302), and drives both with the same keep-alive load. Afterwards it
flushes the click buffer and checks that stored clicks equal the distinct
(link, visitor) pairs among the non-bot requests: no click lost, none doubled.

    .venv/bin/python bench/redirect.py
    REDIS_URL=redis://127.0.0.1:6379/11 .venv/bin/python bench/redirect.py

BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names
the server; BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_SHARES tune the run.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SECONDS = float(os.environ.get("BENCH_SECONDS", 20))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 32))
SHARES = int(os.environ.get("BENCH_SHARES", 2_000))
VISITORS = 400
BOT_SHARE = 0.1
DB_NAME = "boeg_bench_redirect"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0 v{}"
BOTS = [
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient)",
    "Twitterbot/1.0",
    "facebookexternalhit/1.1",
    "Slackbot-LinkExpanding 1.0",
]


def _environment() -> tuple[str, str]:
    given = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
    )
    parts = urlsplit(given)
    url = urlunsplit(parts._replace(path=f"/{DB_NAME}"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": url,
            "SECRET_KEY": "bench-only-secret-key-not-for-production",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
            "CONN_MAX_AGE": "0",
            "BOEGBEELD_SITE_URL": "https://boegbeeld.example.com",
            "BOEGBEELD_CLICK_REDIS_PREFIX": f"bench:clicks:{uuid.uuid4().hex}:",
        }
    )
    return given, url


def _recreate_database(given: str) -> None:
    import psycopg

    with psycopg.connect(given, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def _drop_database(given: str) -> None:
    import psycopg

    with psycopg.connect(given, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def seed() -> list[str]:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from advocacy.sharing.links import link_code_new
    from advocacy.sharing.models import Share
    from tests.factories import UserFactory, story_page_factory

    stories = [story_page_factory(title=f"Bench story {n}") for n in range(10)]
    users = [UserFactory() for _ in range(20)]
    rng = random.Random(7)
    codes = list({link_code_new() for _ in range(SHARES)})
    Share.objects.bulk_create(
        [
            Share(
                user=rng.choice(users),
                story=rng.choice(stories),
                network=rng.choice(["linkedin", "x", "facebook", "whatsapp"]),
                text="Proud of this. I work at Stroomwijs.",
                code=code,
            )
            for code in codes
        ],
        batch_size=1000,
    )
    from django.db import connections

    connections.close_all()
    return codes


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(app: str) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own uvicorn, fixed arguments
        [
            str(ROOT / ".venv/bin/uvicorn"),
            app,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--lifespan",
            "off",
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"{app} did not start")


def stop_server(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


async def _connection(port, plan, stats, stop_at, once=False):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.monotonic() < stop_at:
            if once and stats["next"] >= len(plan):
                break
            code, user_agent, is_bot = plan[stats["next"] % len(plan)]
            stats["next"] += 1
            writer.write(
                (
                    f"GET /s/{code} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    f"User-Agent: {user_agent}\r\nConnection: keep-alive\r\n\r\n"
                ).encode()
            )
            await writer.drain()
            status_line = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b"", b"\n"):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            if length:
                await reader.readexactly(length)
            status = int(status_line.split()[1])
            stats["status"][status] = stats["status"].get(status, 0) + 1
            stats["done"] += 1
            if not is_bot and status == 302:
                stats["pairs"].add((code, user_agent))
            if is_bot:
                stats["bots"] += 1
    finally:
        writer.close()


async def load(port: int, plan, seconds: float) -> dict:
    stats = {"next": 0, "done": 0, "bots": 0, "status": {}, "pairs": set()}
    # Warm up as a long-running server would be: imports loaded, the hot links
    # resolved once (as a link preview would), the day's salt fetched.
    codes = dict.fromkeys(code for code, _, _ in plan)
    warm_plan = [(code, BOTS[0], True) for code in codes]
    warm_plan.append((plan[0][0], "Mozilla/5.0 warm-up", False))
    warm_stats = {"next": 0, "done": 0, "bots": 0, "status": {}, "pairs": set()}
    await _connection(port, warm_plan, warm_stats, time.monotonic() + 120, once=True)
    stats["pairs"] |= warm_stats["pairs"]
    warm = {"done": 0}
    start = time.monotonic()
    await asyncio.gather(
        *(_connection(port, plan, stats, start + seconds) for _ in range(CONNECTIONS))
    )
    elapsed = time.monotonic() - start
    stats["rate"] = (stats["done"] - warm["done"]) / elapsed
    return stats


def build_plan(codes: list[str], rng: random.Random) -> list[tuple[str, str, bool]]:
    """Requests in order: repeat visitors and bots mixed in, known dedupe."""
    hot = codes[:200]
    plan = []
    for _ in range(200_000):
        code = rng.choice(hot)
        if rng.random() < BOT_SHARE:
            plan.append((code, rng.choice(BOTS), True))
        else:
            plan.append((code, BROWSER.format(rng.randrange(VISITORS)), False))
    return plan


def main() -> None:
    given, url = _environment()
    redis_url = os.environ.get("REDIS_URL", "")
    print(f"database: {url}")
    print(f"click buffer: {'redis ' + redis_url if redis_url else 'database'}")
    _recreate_database(given)
    try:
        t0 = time.monotonic()
        codes = seed()
        print(f"seeded {len(codes)} shares in {time.monotonic() - t0:.1f} s")
        rng = random.Random(11)
        plan = build_plan(codes, rng)
        # Two rounds each, interleaved, so a noisy neighbour hurts both alike.
        apps = (
            ("trivial 302 view", "bench.redirect_baseline:application"),
            ("/s/<code> tracked link", "config.asgi:application"),
        )
        results: dict[str, dict] = {}
        for _round in range(2):
            for name, app in apps:
                process, port = start_server(app)
                try:
                    stats = asyncio.run(load(port, plan, SECONDS / 2))
                finally:
                    stop_server(process)
                if name in results:
                    previous = results[name]
                    stats["rate"] = (stats["rate"] + previous["rate"]) / 2
                    stats["done"] += previous["done"]
                    stats["bots"] += previous["bots"]
                    stats["pairs"] |= previous["pairs"]
                    for status, n in previous["status"].items():
                        stats["status"][status] = stats["status"].get(status, 0) + n
                results[name] = stats
        for name, stats in results.items():
            print(
                f"{name:24s} {stats['rate']:8.0f} redirects/s   "
                f"({stats['done']} requests, statuses {stats['status']})"
            )
        ratio = (
            results["/s/<code> tracked link"]["rate"]
            / results["trivial 302 view"]["rate"]
        )
        print(f"ratio tracked/trivial: {ratio:.2f} (target ≥ 0.80)")

        from django.db.models import Sum

        from advocacy.sharing.clicks import clicks_pending
        from advocacy.sharing.models import ClickDaily
        from advocacy.sharing.tasks import flush_and_rollup

        tracked = results["/s/<code> tracked link"]
        pending = clicks_pending()
        flushed = flush_and_rollup()
        stored = ClickDaily.objects.aggregate(n=Sum("count"))["n"] or 0
        expected = len(tracked["pairs"])
        humans = tracked["done"] - tracked["bots"]
        print(
            f"clicks: {tracked['done']} requests, {tracked['bots']} from bots, "
            f"{humans} from browsers = {expected} distinct (link, visitor) pairs; "
            f"buffered {pending}, flushed {flushed['clicks']}, stored {stored}"
        )
        print("no click lost or doubled" if stored == expected else "MISMATCH")
        if redis_url:
            from advocacy.sharing.clicks import redis_client

            client = redis_client()
            prefix = os.environ["BOEGBEELD_CLICK_REDIS_PREFIX"]
            for key in client.scan_iter(f"{prefix}*"):
                client.delete(key)
        from django.db import connections

        connections.close_all()
    finally:
        _drop_database(given)


if __name__ == "__main__":
    main()
