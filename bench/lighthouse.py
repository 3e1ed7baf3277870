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
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
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
        command, check=True, capture_output=True, text=True
    )
    report = json.loads(result.stdout)
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
    scores["below"] = failed
    return scores


def run_all(
    cli: Path, base: str, urls: dict[str, str], cookies: dict, profile: Path
) -> bool:
    """Lighthouse on each page; True when a score missed its target."""
    from playwright.sync_api import sync_playwright

    chrome_port = free_port()
    missed = False
    with sync_playwright() as playwright:
        chrome = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROME_PATH,
            headless=True,
            args=["--no-sandbox", f"--remote-debugging-port={chrome_port}"],
        )
        chrome.add_cookies(
            [{"name": k, "value": v, "url": base} for k, v in cookies.items()]
        )
        print(f"{'page':10} {'perf':>5} {'a11y':>5} {'best':>5}  url")
        for name, url in urls.items():
            scores = lighthouse(cli, url, chrome_port)
            print(
                f"{name:10} {scores['performance']:5} {scores['accessibility']:5} "
                f"{scores['best-practices']:5}  {url.removeprefix(base)}"
            )
            missed = missed or any(
                scores[key] < target for key, target in TARGETS.items()
            )
            if scores["below"]:
                print(f"{'':10} audits below full marks: {', '.join(scores['below'])}")
        chrome.close()
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
