"""`make run` leaves a `.env` behind, so the README's manage.py commands work as shown.

Each test works on a copy of the project in a temporary directory (a fresh clone as
far as make and manage.py can tell) and runs the real `make` and `manage.py`.
"""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIP = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", "*.pyc", ".env", "db.sqlite3*", "media",
    "staticfiles", "tests", "bench", "locale", "static", "templates",
)  # fmt: skip

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    target = tmp_path / "boegbeeld"
    shutil.copytree(ROOT, target, ignore=SKIP)
    return target


def run(clone: Path, *argv: str, **env: str) -> subprocess.CompletedProcess:
    """Run a command as a developer's shell would: none of our settings exported."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"}
        and not key.startswith(("BOEGBEELD_", "DJANGO_", "MAKE"))
    }
    return subprocess.run(  # noqa: S603 - fixed argv
        list(argv),
        cwd=clone,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def manage_check(clone: Path) -> subprocess.CompletedProcess:
    return run(clone, sys.executable, "manage.py", "check")


def test_make_env_lets_manage_py_run_without_exported_settings(clone):
    before = manage_check(clone)
    assert before.returncode != 0
    assert "SECRET_KEY must be set" in before.stderr

    made = run(clone, "make", ".env", f"PYTHON={sys.executable}")
    assert made.returncode == 0, made.stderr

    env_file = clone / ".env"
    lines = env_file.read_text().splitlines()
    assert "DEBUG=1" in lines
    key = next(line.split("=", 1)[1] for line in lines if line.startswith("SECRET_"))
    assert len(key) >= 50
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    after = manage_check(clone)
    assert after.returncode == 0, after.stderr


def test_make_env_never_overwrites_an_existing_env(clone):
    env_file = clone / ".env"
    mine = "DEBUG=1\nSECRET_KEY=my-own-key\nBOEGBEELD_SITE_URL=x\n"
    env_file.write_text(mine)
    made = run(clone, "make", ".env", f"PYTHON={sys.executable}")
    assert made.returncode == 0, made.stderr
    assert env_file.read_text() == mine


def test_make_env_writes_nothing_when_debug_is_exported_off(clone):
    made = run(clone, "make", ".env", f"PYTHON={sys.executable}", DEBUG="0")
    assert made.returncode == 0, made.stderr
    assert not (clone / ".env").exists()


def test_make_run_writes_the_env_first(clone):
    plan = run(clone, "make", "-n", "run", f"PYTHON={sys.executable}")
    assert plan.returncode == 0, plan.stderr
    assert 'echo "SECRET_KEY=' in plan.stdout
    assert plan.stdout.index("SECRET_KEY") < plan.stdout.index("manage.py migrate")
