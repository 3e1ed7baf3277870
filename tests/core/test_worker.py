"""The worker as it runs in production: real processes on a shared database file.

The workers are separate processes, so they cannot see the test's own database (in
memory, or inside a transaction): they share a migrated SQLite file with each other
and with the scripts that set up the story. Publishing runs every second here.
"""

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 60.0


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory) -> dict:
    """A migrated SQLite file and the environment that points a process at it."""
    folder = tmp_path_factory.mktemp("worker")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings_test",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        BOEGBEELD_PUBLISH_INTERVAL_SECONDS="1",
        MEDIA_ROOT=str(folder / "media"),
        PYTHONUNBUFFERED="1",
    )
    manage(env, "migrate", "--no-input", "-v0")
    return {"env": env, "path": folder / "db.sqlite3", "folder": folder}


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def python(env: dict, code: str) -> str:
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def query(path: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(path, timeout=10) as db:
        return db.execute(sql, params).fetchall()


class Workers:
    """`manage.py run_worker` processes; their output lines are the events waited on.

    A reader thread per process collects its lines and wakes the test on each
    one, so the test waits for what a worker says (started, ran a job) instead of
    polling on a timer.
    """

    def __init__(self, shared_db: dict) -> None:
        self.shared_db = shared_db
        self.started: list[subprocess.Popen] = []
        self.lines: list[list[str]] = []
        self.changed = threading.Condition()

    def _read(self, process: subprocess.Popen, lines: list[str]) -> None:
        for line in process.stdout:
            with self.changed:
                lines.append(line)
                self.changed.notify_all()
        with self.changed:  # the process ended: wake anyone waiting on it
            self.changed.notify_all()

    def wait_for(self, condition, what: str) -> None:
        """Block until `condition()` holds, re-checked on every line a worker says."""
        deadline = time.monotonic() + DEADLINE
        with self.changed:
            while not condition():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{what}: not within {DEADLINE} s")
                self.changed.wait(left)

    def output(self, number: int) -> str:
        with self.changed:
            return "".join(self.lines[number])

    def start(self) -> int:
        process = subprocess.Popen(  # noqa: S603 - fixed argv
            [sys.executable, "manage.py", "run_worker"],
            cwd=ROOT,
            env=self.shared_db["env"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines: list[str] = []
        self.started.append(process)
        self.lines.append(lines)
        threading.Thread(target=self._read, args=(process, lines), daemon=True).start()
        number = len(self.started) - 1
        self.wait_for(
            lambda: "running jobs" in "".join(lines) or process.poll() is not None,
            "worker start",
        )
        assert process.poll() is None, self.output(number)
        return number

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for number, process in enumerate(self.started):
            try:
                assert process.wait(timeout=30) == 0, self.output(number)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                raise


@pytest.fixture
def workers(shared_db):
    running = Workers(shared_db)
    yield running
    running.stop_all()


SCHEDULE_STORY = """
import sys
from datetime import timedelta

import django

django.setup()
sys.path.insert(0, "tests")
from django.utils import timezone
from factories import story_page_factory

page = story_page_factory(
    title="Goes live by itself", go_live_at=timezone.now() + timedelta(seconds=3)
)
print(page.pk, page.live)
"""

LIBRARY = """
import json
import django

django.setup()
from cms.models import StoryPage
print(json.dumps(list(StoryPage.objects.live().values_list("title", flat=True))))
"""


def test_worker_publishes_a_scheduled_story_without_any_command(shared_db, workers):
    workers.start()
    page_id, live = python(shared_db["env"], SCHEDULE_STORY).split()
    assert live == "False"

    def story_live() -> bool:
        return query(
            shared_db["path"],
            "SELECT live FROM wagtailcore_page WHERE id = ?",
            int(page_id),
        ) == [(1,)]

    # Each finished turn of the job is the moment to look again.
    workers.wait_for(story_live, "scheduled story live")
    assert "Goes live by itself" in json.loads(python(shared_db["env"], LIBRARY))
    ((status, finished),) = query(
        shared_db["path"],
        "SELECT status, finished_at FROM core_jobrun WHERE name = 'publish_scheduled'",
    )
    assert status in {"ok", "running"} and finished


STARTED = re.compile(r"Job publish_scheduled: started by \S+ at (\S+)")


def publish_runs(path: Path) -> int:
    found = query(path, "SELECT runs FROM core_jobrun WHERE name = 'publish_scheduled'")
    return found[0][0] if found else 0


def test_two_workers_run_each_turn_of_a_job_once(shared_db, workers):
    before = publish_runs(shared_db["path"])
    first, second = workers.start(), workers.start()
    both_up = publish_runs(shared_db["path"])
    workers.wait_for(
        lambda: publish_runs(shared_db["path"]) >= both_up + 5,
        "five turns of publish_scheduled with both workers up",
    )
    workers.stop_all()

    logs = workers.output(first) + workers.output(second)
    starts = sorted(datetime.fromisoformat(at) for at in STARTED.findall(logs))
    gaps = [(b - a).total_seconds() for a, b in zip(starts, starts[1:], strict=False)]
    assert len(starts) == publish_runs(shared_db["path"]) - before >= 5
    # Both workers fire on every turn: one runs it, the other skips it.
    assert logs.count("skipped, another worker has this turn") >= 4
    assert min(gaps) >= 0.5, gaps
