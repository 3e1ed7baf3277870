"""Browser tests: Playwright driving Debian's Chromium, never a downloaded one."""

import os
import shutil
import time
from collections.abc import Iterator

import pytest

from tests.conftest import need

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def browser_log_in(page, live_server, client, user) -> None:
    """Reuse a Django session in the browser: the login form has its own test."""
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )


# Function scope, on purpose: while Playwright's sync API is open an event loop runs
# in this thread, and Django then hands out a different (context-local) database
# connection. The test database's teardown must run after Playwright has stopped, or
# it flushes without the serialized-rollback guard and recreates rows with new keys.
@pytest.fixture
def browser() -> Iterator:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        need(f"Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
        # The connection the test's ORM calls used while Playwright's loop ran
        # belongs to that loop's context: close it there, not leave it open.
        from django.db import connections

        connections.close_all()


# Playwright's `wait_for_function` evaluates strings, which the site's
# Content-Security-Policy forbids; tests that check the policy itself open their
# own contexts without this.
TEST_CONTEXT = {"bypass_csp": True}


@pytest.fixture
def page(browser, request) -> Iterator:
    context = browser.new_context(
        locale="en-GB", viewport={"width": 390, "height": 844}, **TEST_CONTEXT
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    request.node.browser_log = _browser_log(page)
    yield page
    context.close()


def _browser_log(page) -> list[str]:
    """What the page said, sent and got, timed, for the report of a failing test."""
    log: list[str] = []
    started = time.monotonic()

    def note(line: str) -> None:
        log.append(f"{time.monotonic() - started:7.3f}s {line}")

    def watched(request) -> bool:
        return request.resource_type in {"document", "fetch", "xhr", "websocket"}

    page.on("console", lambda m: note(f"console.{m.type}: {m.text}"))
    page.on("pageerror", lambda e: note(f"page error: {e}"))
    page.on("request", lambda r: watched(r) and note(f"sent {r.method} {r.url}"))
    page.on("requestfailed", lambda r: note(f"failed {r.method} {r.url} {r.failure}"))
    page.on(
        "response",
        lambda r: (
            (r.status >= 400 or watched(r.request))
            and note(f"{r.status} {r.request.method} {r.url}")
        ),
    )
    return log


# Where the page stood when a test failed: its address and the state of its forms.
PAGE_STATE = """() => {
  const lines = [location.href];
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (el.type === "hidden" && el.name === "csrfmiddlewaretoken") continue;
    lines.push(`${el.tagName.toLowerCase()} ${el.name || el.id}: ${el.value}`);
  }
  const notes = "[role=status], [role=alert], .composer-findings";
  for (const el of document.querySelectorAll(notes)) {
    lines.push(`${el.className}: ${el.textContent.trim()}`);
  }
  return lines.join("\\n");
}"""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    log = getattr(item, "browser_log", None)
    if report.when == "call" and report.failed and log is not None:
        page = item.funcargs.get("page")
        try:
            state = page.evaluate(PAGE_STATE) if page else ""
        except Exception as exc:  # noqa: BLE001 - a report, never a new failure
            state = f"(page state unavailable: {exc})"
        report.sections.append(("browser log", "\n".join([*log, "", state])))
    return report


@pytest.fixture
def asgi_live_server(transactional_db) -> Iterator[str]:
    """The whole ASGI app (HTTP + websockets) on a free port, in a thread.

    pytest-django's `live_server` speaks WSGI only. Running uvicorn in-process keeps
    the test database reachable on SQLite (shared in-memory DB) as on Postgres.
    """
    import socket
    import threading

    import uvicorn
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from config.asgi import application

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(
        ASGIStaticFilesHandler(application),
        host="127.0.0.1",
        port=port,
        lifespan="off",
        log_level="warning",
    )
    started = threading.Event()

    class Server(uvicorn.Server):
        async def startup(self, sockets=None) -> None:
            await super().startup(sockets=sockets)
            started.set()

        def run(self, sockets=None) -> None:
            try:
                super().run(sockets=sockets)
            finally:
                started.set()  # a server that failed to start wakes the test too

    server = Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    if not started.wait(timeout=15) or not server.started:
        raise RuntimeError("ASGI live server did not start")
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
