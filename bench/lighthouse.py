"""Lighthouse scores of the employee's pages on a phone: library, story, composer.

Starts the site as in production (DEBUG off, collected and hashed static files,
uvicorn) on a throw-away SQLite database with the demo data, signs in as the demo
employee and runs Lighthouse 12 (mobile settings, its default) against each page.
The session cookie is set in a Chromium that Lighthouse then drives (`--port`):
Lighthouse keeps cookies, and unlike `--extra-headers` the cookie then reaches the
page's own requests too (the composer's live guideline check):

    .venv/bin/python bench/lighthouse.py

Needs Node.js and Chromium (CHROME_PATH, default /usr/bin/chromium). Lighthouse is
installed from the npm registry into LIGHTHOUSE_DIR (default
~/.cache/boegbeeld-lighthouse) on the first run; the site never serves it.
Targets: performance ≥ 95, accessibility 100, best practices 100.
Each page is measured LIGHTHOUSE_RUNS times (default 3) and the median printed.
LIGHTHOUSE_REPORTS=<folder> keeps each run's full JSON report there.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE_DIR = Path(
    os.environ.get("LIGHTHOUSE_DIR", Path.home() / ".cache" / "boegbeeld-lighthouse")
)
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100}
EMPLOYEE = "employee@example.com"
# Lighthouse's scores move from run to run (more so on a busy machine): the median
# of several runs is what its authors recommend reading.
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", 3))
# Timings that make up the performance score: shown by it already.
METRIC_AUDITS = {
    "first-contentful-paint", "largest-contentful-paint", "speed-index",
    "total-blocking-time", "cumulative-layout-shift", "interactive",
    "max-potential-fid",
}  # fmt: skip

SESSION = """
from django.contrib.auth import get_user_model
from django.test import Client
client = Client()
client.force_login(get_user_model().objects.get(email="%s"))
print(client.cookies["sessionid"].value)
"""


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise SystemExit(f"{name} is needed (Node.js)")
    return path


def lighthouse_cli() -> Path:
    cli = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        command = [tool("npm"), "install", "--no-audit", "--no-fund", "--prefix",
                   str(LIGHTHOUSE_DIR), f"lighthouse@{LIGHTHOUSE_VERSION}"]  # fmt: skip
        subprocess.run(command, check=True)  # noqa: S603 - our own arguments
    return cli


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database: Path) -> dict[str, str]:
    """DEBUG off on loopback: no TLS here, so no redirect to it and no HSTS."""
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        BOEGBEELD_SITE_URL="https://boegbeeld.example.org",
        DATABASE_URL=f"sqlite:///{database}",
        EMAIL_URL="consolemail://",
        BOEGBEELD_DEFAULT_LANGUAGE="nl",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    command = [PYTHON, "manage.py", *args]
    result = subprocess.run(  # noqa: S603 - our own arguments
        command, cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit {server.returncode})")
        try:
            if requests.get(f"{base}/healthz", timeout=1).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not come up")


def page_urls(base: str, cookie: str) -> dict[str, str]:
    """The library, and its first card's story page and composer."""
    html = requests.get(f"{base}/", headers={"Cookie": cookie}, timeout=10).text
    story = re.search(r'class="story-card__link" href="([^"]+)"', html).group(1)
    composer = re.search(r'class="card-share[^"]*" href="([^"]+)"', html).group(1)
    return {
        "library": f"{base}/",
        "story": f"{base}{story}",
        "composer": f"{base}{composer.replace('&amp;', '&')}",
    }


def lighthouse(cli: Path, url: str, chrome_port: int) -> dict:
    command = [tool("node"), str(cli), url, "--quiet", "--output=json",
               "--output-path=stdout", f"--only-categories={','.join(CATEGORIES)}",
               f"--port={chrome_port}"]  # fmt: skip
    result = subprocess.run(  # noqa: S603 - our own arguments
        command, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    if os.environ.get("LIGHTHOUSE_REPORTS"):
        folder = Path(os.environ["LIGHTHOUSE_REPORTS"])
        folder.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w]+", "-", url.split("//", 1)[1]).strip("-")
        stamp = time.strftime("%H%M%S")
        (folder / f"{name}-{stamp}.json").write_text(result.stdout)
    scores = {
        key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES
    }
    failed = [
        f"{audit['id']} ({audit['score']})"
        for audit in report["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in {"binary", "numeric", "metricSavings"}
    ]
    scores["below"] = [
        audit for audit in failed if audit.split(" ")[0] not in METRIC_AUDITS
    ]
    return scores


def chromium_with_cookies(base: str, cookies: dict, profile: Path, port: int):
    """A headless Chromium with the cookies set, for Lighthouse to drive.

    Started as a plain process: a browser that Playwright had launched would stay
    attached to every tab, and its instrumentation is measured as main-thread work.
    Playwright only connects for a moment to set the cookies.
    """
    from playwright.sync_api import sync_playwright

    command = [CHROME_PATH, "--headless=new", "--no-sandbox", "--disable-gpu",
               "--no-first-run", "--disable-background-networking",
               f"--remote-debugging-port={port}", f"--user-data-dir={profile}",
               "about:blank"]  # fmt: skip
    chrome = subprocess.Popen(  # noqa: S603 - our own arguments
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(60):
        try:
            if requests.get(f"{endpoint}/json/version", timeout=1).ok:
                break
        except requests.RequestException:
            time.sleep(0.5)
    with sync_playwright() as playwright:
        browser = playwright.chromium.connect_over_cdp(endpoint)
        browser.contexts[0].add_cookies(
            [{"name": k, "value": v, "url": base} for k, v in cookies.items()]
        )
        browser.close()  # disconnects; the browser and its cookies stay
    return chrome


def run_all(
    cli: Path, base: str, urls: dict[str, str], cookies: dict, profile: Path
) -> bool:
    """Lighthouse on each page; True when a score missed its target."""
    chrome_port = free_port()
    chrome = chromium_with_cookies(base, cookies, profile, chrome_port)
    missed = False
    try:
        print(f"median of {RUNS} runs; performance range in brackets")
        print(f"{'page':10} {'perf':>5} {'':9} {'a11y':>5} {'best':>5}  url")
        for name, url in urls.items():
            runs = [lighthouse(cli, url, chrome_port) for _ in range(RUNS)]
            scores = {
                key: statistics.median(r[key] for r in runs) for key in CATEGORIES
            }
            low = min(r["performance"] for r in runs)
            high = max(r["performance"] for r in runs)
            print(
                f"{name:10} {scores['performance']:5g} [{low:3}-{high:3}] "
                f"{scores['accessibility']:5g} {scores['best-practices']:5g}  "
                f"{url.removeprefix(base)}"
            )
            missed = missed or any(
                scores[key] < target for key, target in TARGETS.items()
            )
            below = sorted({audit for r in runs for audit in r["below"]})
            if below:
                print(f"{'':10} audits below full marks: {', '.join(below)}")
    finally:
        chrome.terminate()
        chrome.wait(timeout=15)
    return missed


def main() -> None:
    cli = lighthouse_cli()
    workdir = Path(tempfile.mkdtemp(prefix="boegbeeld-lighthouse-"))
    env = production_env(workdir / "db.sqlite3")
    server = None
    try:
        manage(env, "migrate", "--no-input")
        manage(env, "seed_demo")
        manage(env, "collectstatic", "--no-input", "-v0")
        session = manage(env, "shell", "--no-imports", "-c", SESSION % EMPLOYEE)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        # The production cookies are Secure: a browser on plain http would keep
        # neither, so both are set here (the composer's live check posts with CSRF).
        cookies = {
            "sessionid": session.strip().splitlines()[-1],
            "csrftoken": secrets.token_hex(16),
        }
        server = subprocess.Popen(  # noqa: S603 - our own arguments
            [PYTHON, "-m", "uvicorn", "config.asgi:application", "--host",
             "127.0.0.1", "--port", str(port), "--lifespan", "off",
             "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        wait_until_up(base, server)
        cookie_header = "; ".join(f"{k}={v}" for k, v in cookies.items())
        urls = page_urls(base, cookie_header)
        missed = run_all(cli, base, urls, cookies, workdir / "chrome")
        print("targets: " + ", ".join(f"{k} ≥ {v}" for k, v in TARGETS.items()))
        if missed:
            print("MISSED a target")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=15)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
