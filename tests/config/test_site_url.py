"""BOEGBEELD_SITE_URL: make run derives it, production refuses to start without it."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.checks import site_url_problem

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "production-like-" + "0123456789abcdef" * 4,
    "ALLOWED_HOSTS": "boegbeeld.example.com",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}


def run(argv: list[str], cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"}
        and not key.startswith(("BOEGBEELD_", "DJANGO_", "MAKE", "SECURE_"))
    }
    return subprocess.run(  # noqa: S603 - fixed argv
        argv,
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def check_deploy(site_url: str) -> subprocess.CompletedProcess:
    # An empty value, not a missing one: a developer's .env must not fill it in.
    return run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        BOEGBEELD_SITE_URL=site_url,
    )


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("", "not set"),
        ("http://127.0.0.1:8000", "points at this machine"),
        ("http://localhost:8080/", "points at this machine"),
        ("http://[::1]:8000", "points at this machine"),
        ("http://0.0.0.0:8000", "points at this machine"),
        ("http://app.localhost", "points at this machine"),
        ("boegbeeld.example.com", "not an http(s) URL"),
        ("https://boegbeeld.example.com", None),
        ("http://10.1.2.3:8000", None),
    ],
)
def test_site_url_problem_names_what_is_wrong(url, problem):
    found = site_url_problem(url)
    if problem is None:
        assert found is None
    else:
        assert "BOEGBEELD_SITE_URL" in found
        assert problem in found


@pytest.mark.parametrize("site_url", ["", "http://127.0.0.1:8000"])
def test_check_deploy_fails_without_a_public_site_url(site_url):
    result = check_deploy(site_url)
    assert result.returncode != 0
    assert "boegbeeld.E001" in result.stderr
    assert "BOEGBEELD_SITE_URL" in result.stderr


def test_check_deploy_passes_with_the_public_site_url():
    result = check_deploy("https://boegbeeld.example.com")
    assert result.returncode == 0, result.stderr


def test_production_server_refuses_to_start_without_site_url():
    result = run(
        [sys.executable, "-m", "uvicorn", "config.asgi:application", "--port", "0"],
        **PRODUCTION,
        BOEGBEELD_SITE_URL="",
    )
    assert result.returncode != 0
    assert "BOEGBEELD_SITE_URL is not set" in result.stderr


def test_development_needs_no_site_url():
    result = run(
        [sys.executable, "-c", "import config.asgi"],
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="config.settings",
        BOEGBEELD_SITE_URL="",
    )
    assert result.returncode == 0, result.stderr


FAKE_PYTHON = """#!/bin/sh
echo "${BOEGBEELD_SITE_URL-unset}" > "$(dirname "$0")/site-url"
exit 1
"""


@pytest.fixture
def make_run(tmp_path: Path):
    """`make run` up to its first manage.py command, which records the site URL."""
    if shutil.which("make") is None:
        pytest.skip("needs make")
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "pyproject.toml").write_text("")
    stamp = tmp_path / ".venv" / ".installed"  # installed already: skip pip
    stamp.parent.mkdir()
    stamp.write_text("")
    os.utime(stamp, (time.time() + 60, time.time() + 60))
    fake = tmp_path / "python"
    fake.write_text(FAKE_PYTHON)
    fake.chmod(0o755)

    def start(*args: str, **env: str) -> str:
        run(
            ["make", "run", f"PY={fake}", *args],
            cwd=tmp_path,
            **env,
        )
        return (tmp_path / "site-url").read_text().strip()

    return start


def test_make_run_sets_site_url_from_its_host_and_port(make_run):
    assert make_run("PORT=8765") == "http://127.0.0.1:8765"
    assert make_run("HOST=10.0.0.5") == "http://10.0.0.5:8000"


def test_make_run_keeps_a_site_url_that_is_set(make_run, tmp_path):
    given = "https://boegbeeld.example.com"
    assert make_run("PORT=8765", BOEGBEELD_SITE_URL=given) == given
    (tmp_path / ".env").write_text(f"BOEGBEELD_SITE_URL={given}\n")
    # Not exported: Django reads it from .env itself.
    assert make_run("PORT=8765") == "unset"
