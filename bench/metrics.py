"""What the Prometheus metrics cost: recording on the hot paths, and a scrape.

1. Recording, per call, in one process and in multiprocess mode (files in a
   temporary PROMETHEUS_MULTIPROC_DIR): a hub batch's bookkeeping (noting a
   broadcast's publish time, then frames and one latency once written), a
   counter increment (feedback outcome, redirect) and a screen connecting.
2. A scrape in multiprocess mode: adding up the files that N worker processes
   left (each of which recorded every metric), as `GET /metrics` does.

Runs on this machine only (no network); prints figures, asserts nothing.

    .venv/bin/python bench/metrics.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CALLS = int(os.environ.get("BENCH_CALLS", "100000"))
WORKER_COUNTS = tuple(
    int(n) for n in os.environ.get("BENCH_WORKERS", "2,4,8").split(",")
)

RECORD = """
import os, sys, time
sys.path.insert(0, {root!r})
import django
django.setup()
from core import metrics
from realtime.hub.timing import PublishTimes

calls = {calls}
timing = PublishTimes()
texts = ['{{"type":"feedback","seq":%d}}' % i for i in range(calls)]
began = time.perf_counter()
for i, text in enumerate(texts):
    timing.note(text, time.time())
    timing.delivered([("screens.all", text, i)], 500)
batch = (time.perf_counter() - began) / calls
began = time.perf_counter()
for _ in range(calls):
    metrics.redirect_counted(bot=False)
counter = (time.perf_counter() - began) / calls
began = time.perf_counter()
for _ in range(calls):
    metrics.screen_connected("rotterdam")
    metrics.screen_disconnected("rotterdam")
screen = (time.perf_counter() - began) / calls / 2
print(f"{{batch * 1e6:.2f}} {{counter * 1e6:.2f}} {{screen * 1e6:.2f}}")
"""

SCRAPE = """
import sys, time
sys.path.insert(0, {root!r})
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
rounds = 50
began = time.perf_counter()
for _ in range(rounds):
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    body = generate_latest(registry)
print(f"{{(time.perf_counter() - began) / rounds * 1e3:.2f}} {{len(body)}}")
"""


def run(code: str, env: dict) -> str:
    base = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    base.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    base.setdefault("DEBUG", "1")
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"bench step failed:\n{result.stderr}")
    return result.stdout.strip()


def main() -> None:
    print(f"Recording, microseconds per call ({CALLS} calls each):")
    print(f"{'mode':<14}{'hub batch':>12}{'counter':>12}{'screen +/-':>12}")
    record = RECORD.format(root=str(ROOT), calls=CALLS)
    with tempfile.TemporaryDirectory() as directory:
        modes = {
            "one process": {},
            "multiprocess": {"PROMETHEUS_MULTIPROC_DIR": directory},
        }
        for mode, env in modes.items():
            batch, counter, screen = run(record, env).split()
            print(f"{mode:<14}{batch:>12}{counter:>12}{screen:>12}")

    print("\nScrape in multiprocess mode (milliseconds, mean of 50):")
    print(f"{'workers':<10}{'ms':>8}{'bytes':>10}")
    small = RECORD.format(root=str(ROOT), calls=1000)
    for count in WORKER_COUNTS:
        with tempfile.TemporaryDirectory() as directory:
            env = {"PROMETHEUS_MULTIPROC_DIR": directory}
            for _ in range(count):
                run(small, env)
            ms, size = run(SCRAPE.format(root=str(ROOT)), env).split()
            print(f"{count:<10}{ms:>8}{size:>10}")


if __name__ == "__main__":
    began = time.monotonic()
    main()
    print(f"\n({time.monotonic() - began:.1f} s in all)")
