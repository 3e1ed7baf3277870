"""Tracked-link redirects/s against a plain Django 302 and /healthz, over loopback.

Creates a throw-away Postgres database (BENCH_DB_NAME, default boeg_bench_redirect),
seeds stories and shares, and starts uvicorn with two workers (--workers N) three
ways in turn: the real app answering /s/<code> (the tracked-link ASGI app), a plain
Django view that only returns a 302 with the site's settings and middleware
(bench/redirect_baseline.py), and the real app's /healthz. wrk drives each with
the same keep-alive load (bench/redirect_load.lua: hot links, 400 visitors behind
a trusted proxy, one request in ten from a preview crawler), two rounds each,
interleaved. Then a worker is stopped (SIGTERM) in the middle of a load of new
visitors and uvicorn starts another. Afterwards it flushes the click buffer and
checks that stored clicks equal the distinct (link, visitor) pairs among the
browsers' requests, per link: no click lost, none doubled, across the restart.

    .venv/bin/python bench/redirect.py --workers 2
    REDIS_URL=redis://127.0.0.1:6379/11 .venv/bin/python bench/redirect.py

BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names
the server; BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_SHARES tune the run. Needs wrk.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SECONDS = float(os.environ.get("BENCH_SECONDS", 20))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 32))
SHARES = int(os.environ.get("BENCH_SHARES", 2_000))
VISITORS = 400
PLAN_SIZE = 1_000
BOT_SHARE = 0.1
DB_NAME = os.environ.get("BENCH_DB_NAME", "boeg_bench_redirect")
BROWSERS = [
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Mobile/15E148 Safari/604.1",
]
BOTS = [
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient)",
    "Twitterbot/1.0",
    "facebookexternalhit/1.1",
    "Slackbot-LinkExpanding 1.0",
]
LEAN, BASELINE, HEALTHZ = "/s/<code> tracked link", "plain Django 302", "/healthz"


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
            # A click refreshes the figures (flush + rollup) once a minute: a few
            # hundredths of a second per minute on a site, but a round here lasts
            # seconds. The flush at the end moves every click instead.
            "BOEGBEELD_ANALYTICS_REFRESH_SECONDS": "0",
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(app: str, workers: int) -> tuple[subprocess.Popen, int]:
    """uvicorn as in production: N workers, client addresses from the trusted
    proxy's X-Forwarded-For (loopback is trusted by default)."""
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
            str(workers),
            "--proxy-headers",
            "--lifespan",
            "off",
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if len(_workers_of(process)) >= workers:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    time.sleep(1)  # every worker through its start-up
                    return process, port
            except OSError:
                pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{app} did not start")


def _workers_of(process: subprocess.Popen) -> list[int]:
    """The uvicorn worker processes of a supervisor (children running spawn_main)."""
    pids = []
    for task in Path(f"/proc/{process.pid}/task").glob("*/children"):
        for pid in task.read_text().split():
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if b"spawn_main" in cmdline:
                pids.append(int(pid))
    return pids


def _cpu_seconds(process: subprocess.Popen) -> float:
    """User + system CPU time of the supervisor's worker processes so far."""
    total = 0
    for pid in _workers_of(process):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    return total / os.sysconf("SC_CLK_TCK")


def stop_server(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


# --- load ---------------------------------------------------------------------------
def build_plan(codes: list[str], rng: random.Random) -> list[tuple[str, str, str]]:
    """(path, user agent, client address): repeat visitors and bots mixed in."""
    hot = codes[:200]
    plan = []
    for _ in range(PLAN_SIZE):
        code = rng.choice(hot)
        n = rng.randrange(VISITORS)
        address = f"10.0.{n // 250}.{n % 250 + 1}"
        if rng.random() < BOT_SHARE:
            plan.append((f"/s/{code}", rng.choice(BOTS), address))
        else:
            plan.append((f"/s/{code}", BROWSERS[n % 2], address))
    return plan


def wrk(port: int, plan: list[tuple[str, str, str]], seconds: float) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".plan", delete=False) as file:
        file.writelines(
            f"{path}\t{agent}\t{address}\n" for path, agent, address in plan
        )
    try:
        output = subprocess.run(  # noqa: S603 - wrk on loopback, fixed arguments
            [
                shutil.which("wrk") or "wrk",
                "-t1",
                f"-c{CONNECTIONS}",
                f"-d{seconds:.0f}s",
                "-s",
                str(ROOT / "bench/redirect_load.lua"),
                f"http://127.0.0.1:{port}/",
            ],
            env={**os.environ, "BENCH_PLAN": file.name},
            capture_output=True,
            text=True,
        )
    finally:
        os.unlink(file.name)
    if output.returncode != 0:
        raise SystemExit(f"wrk failed: {output.stderr or output.stdout}")
    output = output.stdout
    statuses = Counter()
    for status, n in re.findall(r"^status (\d+) (\d+)$", output, re.M):
        statuses[int(status)] += int(n)
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "statuses": statuses,
        "cycles": min(int(n) for n in re.findall(r"^plan-cycles (\d+)$", output, re.M)),
        "errors": re.search(r"Socket errors:.*", output)[0]
        if "Socket errors" in output
        else "",
    }


async def _visits_across_a_restart(
    port: int, process: subprocess.Popen, codes: list[str], seconds: float
) -> tuple[set, dict]:
    """New visitors for `seconds`; halfway a worker gets SIGTERM (uvicorn starts
    another). A request whose answer is lost to the restart is sent again on a
    new connection (the same visitor: counting it twice is impossible)."""
    answered: set[tuple[str, str, str]] = set()
    report = {"retried": 0, "stopped": None, "started": None}
    counter = iter(range(10**9))
    stop_at = time.monotonic() + seconds

    async def client() -> None:
        reader = writer = None
        request = None
        while time.monotonic() < stop_at:
            if request is None:
                n = next(counter)
                address = f"172.16.{n // 250 % 250}.{n % 250 + 1}"
                request = (random.choice(codes[:200]), BROWSERS[n % 2], address)
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                code, agent, address = request
                writer.write(
                    (
                        f"GET /s/{code} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        f"User-Agent: {agent}\r\nX-Forwarded-For: {address}\r\n\r\n"
                    ).encode()
                )
                await writer.drain()
                status_line = await reader.readline()
                if not status_line:
                    raise ConnectionResetError
                length, close = 0, False
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                    if name.lower() == "connection" and "close" in value.lower():
                        close = True
                await reader.readexactly(length)
            except (OSError, asyncio.IncompleteReadError):
                report["retried"] += 1
                if writer is not None:
                    writer.close()
                reader = writer = None
                await asyncio.sleep(0.05)
                continue
            if int(status_line.split()[1]) == 302:
                answered.add(request)
            request = None
            if close:
                writer.close()
                reader = writer = None

    async def restart() -> None:
        await asyncio.sleep(seconds / 2)
        before = set(_workers_of(process))
        victim = min(before)
        os.kill(victim, signal.SIGTERM)
        report["stopped"] = victim
        while time.monotonic() < stop_at + 30:
            started = set(_workers_of(process)) - before
            if started:
                report["started"] = started.pop()
                return
            await asyncio.sleep(0.1)

    await asyncio.gather(restart(), *(client() for _ in range(16)))
    return answered, report


# --- the run ------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    workers = parser.parse_args().workers
    given, url = _environment()
    redis_url = os.environ.get("REDIS_URL", "")
    print(f"database: {url}")
    print(f"click buffer: {'redis ' + redis_url if redis_url else 'database'}")
    print(f"uvicorn workers: {workers}, wrk connections: {CONNECTIONS}")
    _recreate_database(given)
    try:
        t0 = time.monotonic()
        codes = seed()
        print(f"seeded {len(codes)} shares in {time.monotonic() - t0:.1f} s")
        plan = build_plan(codes, random.Random(11))
        healthz = [("/healthz", BROWSERS[0], "10.0.0.1")]
        targets = (
            (BASELINE, "bench.redirect_baseline:application", plan, 302),
            (LEAN, "config.asgi:application", plan, 302),
            (HEALTHZ, "config.asgi:application", healthz, 200),
        )
        results: dict[str, list[dict]] = {name: [] for name, *_ in targets}
        # Two rounds each, interleaved, so a noisy neighbour hurts all alike.
        for _round in range(2):
            for name, app, target_plan, _ in targets:
                process, port = start_server(app, workers)
                try:
                    busy = _cpu_seconds(process)
                    result = wrk(port, target_plan, SECONDS / 2)
                    result["cpu"] = _cpu_seconds(process) - busy
                    results[name].append(result)
                finally:
                    stop_server(process)
        rates, cpu = {}, {}
        for name, _, _, ok in targets:
            rounds = results[name]
            rates[name] = sum(r["rate"] for r in rounds) / len(rounds)
            statuses = sum((r["statuses"] for r in rounds), Counter())
            cpu[name] = sum(r["cpu"] for r in rounds) / sum(statuses.values())
            errors = "; ".join(r["errors"] for r in rounds if r["errors"])
            each = ", ".join(f"{r['rate']:.0f}" for r in rounds)
            print(
                f"{name:24s} {rates[name]:8.0f} answers/s   "
                f"{cpu[name] * 1e6:6.0f} µs worker CPU per answer "
                f"(≈ {workers / cpu[name]:6.0f}/s on {workers} free cores)   "
                f"(rounds {each}; "
                f"statuses {dict(statuses)}{'; ' + errors if errors else ''})"
            )
            if set(statuses) != {ok}:
                print(f"  UNEXPECTED statuses for {name}")
        print(
            f"tracked / plain Django 302: {rates[LEAN] / rates[BASELINE]:.2f} "
            f"(target ≥ 4); tracked / healthz: {rates[LEAN] / rates[HEALTHZ]:.2f}"
        )
        print(
            "by worker CPU per answer (what a machine shared with other work "
            f"distorts least): tracked / plain Django 302: "
            f"{cpu[BASELINE] / cpu[LEAN]:.2f}; tracked / healthz: "
            f"{cpu[HEALTHZ] / cpu[LEAN]:.2f}"
        )

        process, port = start_server("config.asgi:application", workers)
        try:
            restart_pairs, report = asyncio.run(
                _visits_across_a_restart(port, process, codes, 6)
            )
        finally:
            stop_server(process)
        print(
            f"restart: worker {report['stopped']} stopped (SIGTERM) mid-load, "
            f"worker {report['started']} started; {len(restart_pairs)} new visitors "
            f"answered, {report['retried']} requests sent again"
        )
        _check_clicks(plan, results[LEAN], restart_pairs, redis_url)
        from django.db import connections

        connections.close_all()
    finally:
        _drop_database(given)


def _check_clicks(plan, lean_rounds, restart_pairs, redis_url: str) -> None:
    from django.db.models import Sum

    from advocacy.sharing.clicks import clicks_pending, device_kind, is_bot
    from advocacy.sharing.models import ClickDaily
    from advocacy.sharing.tasks import flush_and_rollup

    # Every wrk round went through the whole plan at least twice (checked below),
    # so each browser's (link, visitor) pair in it was answered.
    pairs = {
        (path.removeprefix("/s/"), address, device_kind(agent))
        for path, agent, address in plan
        if not is_bot(agent)
    }
    pairs |= {
        (code, address, device_kind(agent)) for code, agent, address in restart_pairs
    }
    expected = Counter(code for code, _, _ in pairs)
    covered = min(r["cycles"] for r in lean_rounds) >= 2
    pending = clicks_pending()
    flushed = flush_and_rollup()
    stored = dict(
        ClickDaily.objects.values_list("share__code").annotate(n=Sum("count"))
    )
    total = sum(stored.values())
    wrong = {
        code
        for code in set(stored) | set(expected)
        if stored.get(code) != expected[code]
    }
    print(
        f"clicks: {len(pairs)} distinct (link, visitor) pairs from browsers "
        f"({len(restart_pairs)} of them across the restart); buffered {pending} "
        f"before the last flush, flushed {flushed['clicks']}, stored {total}"
    )
    if not covered:
        print("plan not gone through twice in a round: raise BENCH_SECONDS")
    elif wrong:
        print(f"MISMATCH on {len(wrong)} links, e.g. {sorted(wrong)[:3]}")
    else:
        print("no click lost or doubled (every link's count equals its visitors)")
    if redis_url:
        from advocacy.sharing.clicks import redis_client

        client = redis_client()
        prefix = os.environ["BOEGBEELD_CLICK_REDIS_PREFIX"]
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)


if __name__ == "__main__":
    main()
