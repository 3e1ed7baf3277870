"""What the site answers while Redis is down: status codes per page, before and after.

Production settings (DEBUG off, Postgres, the Redis cache and channel layers, two
uvicorn workers) on a throw-away database (boeg_bench_redis_down) seeded with the
demo, and a private redis-server on a free loopback port. One employee logs in
while Redis is up; then Redis is killed and every page below is asked again
(a fresh login included), then Redis is started on the same port and the pages
are asked once more. Prints one line per request and the number of 5xx answers
per phase. Everything runs on loopback and is removed when done.

    .venv/bin/python bench/redis_down.py

BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names
the server.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DB_NAME = "boeg_bench_redis_down"
EMAIL, PASSWORD = "employee@example.com", "boegbeeld-demo"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(redis_port: int) -> tuple[str, str]:
    given = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
    )
    url = urlunsplit(urlsplit(given)._replace(path=f"/{DB_NAME}"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "DATABASE_URL": url,
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "SECRET_KEY": "bench-only-secret-key-not-for-production",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "ERROR",
            "BOEGBEELD_SITE_URL": "https://boegbeeld.example.com",
        }
    )
    return given, url


def _database(given: str, *, create: bool) -> None:
    import psycopg

    with psycopg.connect(given, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def seed() -> dict:
    """Migrate, seed the demo; the ids and tokens the requests need."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.db import connections

    from accounts.models import User
    from advocacy.sharing.links import link_code_new
    from advocacy.sharing.models import Share
    from advocacy.sharing.services import story_for_sharing
    from cms.selectors import shareable_stories
    from realtime import services

    user = User.objects.get(email=EMAIL)
    story = shareable_stories(user).first()
    story = story_for_sharing(user=user, story_id=story.pk)
    share = Share.objects.create(
        user=user, story=story, network="linkedin", text="Proud.", code=link_code_new()
    )
    _source, token = services.feedback_source_create(name="bench webcare")
    found = {
        "story_url": urlsplit(story.full_url or story.url).path,
        "story_id": story.pk,
        "code": share.code,
        "token": token,
    }
    connections.close_all()
    return found


class Browser:
    """A tiny client that keeps cookies itself (they are Secure: the site thinks
    it is behind a TLS proxy, `X-Forwarded-Proto: https`)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        origin = f"https://127.0.0.1:{self.port}"
        sent = {
            "User-Agent": BROWSER,
            "X-Forwarded-Proto": "https",
            "Origin": origin,
            "Referer": origin + "/",
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.monotonic()
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        content = response.read()
        took = time.monotonic() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response.status, content, took, response

    def form_post(self, path: str, data: dict):
        data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        return self.request(
            "POST",
            path,
            urlencode(data),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )


def run_pages(port: int, found: dict, browser: Browser) -> list[tuple[str, int, float]]:
    rows = []

    def note(name: str, result) -> None:
        status, _content, took, _response = result
        rows.append((name, status, took))

    anonymous = Browser(port)
    note("GET /accounts/login/", anonymous.request("GET", "/accounts/login/"))
    note(
        "POST /accounts/login/",
        anonymous.form_post("/accounts/login/", {"login": EMAIL, "password": PASSWORD}),
    )
    note("GET / (logged in)", browser.request("GET", "/"))
    note("GET /impact/", browser.request("GET", "/impact/"))
    note("GET story", browser.request("GET", found["story_url"]))
    compose = f"/stories/{found['story_id']}/share/"
    note("GET composer", browser.request("GET", compose))
    note(
        "POST share",
        browser.form_post(
            compose,
            {
                "network": "linkedin",
                "text": "Proud of this work. I work at Stroomwijs.",
                "dismissed": "",
            },
        ),
    )
    note("GET /s/<code>", anonymous.request("GET", f"/s/{found['code']}"))
    check = json.dumps(
        {"text": "Proud of this work. I work at Stroomwijs.", "network": "linkedin"}
    )
    note(
        "POST /api/v1/guidelines/check",
        browser.request(
            "POST",
            "/api/v1/guidelines/check",
            check,
            {
                "Content-Type": "application/json",
                "X-CSRFToken": browser.cookies.get("csrftoken", ""),
            },
        ),
    )
    for n in range(5):
        body = json.dumps({"text": f"Great service, thanks! ({time.time()} {n})"})
        note(
            "POST /api/v1/feedback",
            browser.request(
                "POST",
                "/api/v1/feedback",
                body,
                {
                    "Content-Type": "application/json",
                    "Authorization": f"Bearer {found['token']}",
                },
            ),
        )
    note("GET /readyz", anonymous.request("GET", "/readyz"))
    return rows


def start_redis(port: int) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603 - fixed argv
        [
            shutil.which("redis-server") or "/usr/bin/redis-server",
            *("--port", str(port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no"),
        ],
        stdout=subprocess.DEVNULL,
    )
    _wait_port(port)
    return process


def _wait_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on {port}")


def start_server(port: int) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603 - our own uvicorn, fixed arguments
        [
            sys.executable,
            *("-m", "uvicorn", "config.asgi:application"),
            *("--host", "127.0.0.1", "--port", str(port), "--workers", "2"),
            *("--lifespan", "off", "--log-level", "warning", "--no-access-log"),
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    _wait_port(port)
    return process


def _clicks_in_database(code: str) -> int:
    from django.db import connections

    from advocacy.sharing.models import ClickVisitor

    count = ClickVisitor.objects.filter(share__code=code).count()
    connections.close_all()
    return count


def _print(phase: str, rows: list, code: str) -> int:
    print(f"\n== {phase}")
    for name, status, took in rows:
        print(f"  {status}  {took * 1000:7.0f} ms  {name}")
    errors = sum(1 for _name, status, _took in rows if status >= 500)
    print(f"  -> {errors} of {len(rows)} answers were 5xx (/readyz: 503 is right)")
    print(
        f"  -> visitors of the tracked link stored in the database so far: "
        f"{_clicks_in_database(code)}"
    )
    return errors


def main() -> None:
    redis_port, web_port = _free_port(), _free_port()
    given, _url = _environment(redis_port)
    _database(given, create=True)
    redis = start_redis(redis_port)
    server = None
    try:
        found = seed()
        server = start_server(web_port)
        browser = Browser(web_port)
        browser.request("GET", "/accounts/login/")
        status, *_rest = browser.form_post(
            "/accounts/login/", {"login": EMAIL, "password": PASSWORD}
        )
        assert status == 302, f"login answered {status}"  # noqa: S101
        _print("Redis up", run_pages(web_port, found, browser), found["code"])
        redis.send_signal(signal.SIGKILL)
        redis.wait()
        _print(
            "Redis down (killed)", run_pages(web_port, found, browser), found["code"]
        )
        redis = start_redis(redis_port)
        _print("Redis back", run_pages(web_port, found, browser), found["code"])
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        if redis.poll() is None:
            redis.kill()
            redis.wait()
        from django.db import connections

        connections.close_all()
        _database(given, create=False)


if __name__ == "__main__":
    main()
