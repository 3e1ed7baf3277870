"""Multiprocess mode: a live uvicorn with two workers, one scrape adds them up."""

import asyncio
import os
import re
import signal
import subprocess
import sys
import threading
from contextlib import AsyncExitStack

import pytest
import requests
import websockets
from channels.db import database_sync_to_async
from prometheus_client.parser import text_string_to_metric_families

from core.metrics import EVERY_OFFICE
from realtime import services
from tests.conftest import database_is_postgres, need
from tests.realtime.helpers import create_screen, database_url
from tests.realtime.servers import ROOT, free_port

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flush_channel_layer"),
]

TOKEN = "workers-metrics-token"
WORKERS = 2
ITEMS = 4
LIVE_GAUGE = re.compile(r"^gauge_livesum_(\d+)\.db$")


def _stop_group(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


@pytest.fixture
def uvicorn_workers(tmp_path, redis_url):
    """`uvicorn --workers 2` on the test database, metrics in a fresh directory."""
    if not database_is_postgres():
        need("Postgres (DATABASE_URL) so that worker processes share the test DB")
    metrics_dir = tmp_path / "prometheus"
    metrics_dir.mkdir()
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        "BOEGBEELD_METRICS_TOKEN": TOKEN,
    }
    process = subprocess.Popen(  # noqa: S603 - fixed argv
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(WORKERS),
            "--lifespan",
            "off",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its workers are stopped with it
    )
    started = threading.Semaphore(0)

    def read() -> None:
        for line in process.stdout:
            if "Started server process" in line:
                started.release()
        for _ in range(WORKERS):
            started.release()  # ended: wake the waiter, which then checks

    threading.Thread(target=read, daemon=True).start()
    try:
        for _ in range(WORKERS):
            if not started.acquire(timeout=60) or process.poll() is not None:
                raise TimeoutError("uvicorn workers did not start within 60 s")
        yield port, metrics_dir
    finally:
        _stop_group(process)


def scrape(port: int) -> dict:
    response = requests.get(
        f"http://127.0.0.1:{port}/metrics",
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    found = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def screens_connected(found: dict) -> float:
    return found.get(("boegbeeld_screens_connected", (("office", EVERY_OFFICE),)), 0)


def accepted(found: dict) -> float:
    key = ("boegbeeld_feedback_requests_total", (("outcome", "accepted"),))
    return found.get(key, 0)


def pushes(found: dict) -> float:
    return found.get(("boegbeeld_screen_deliveries_total", (("kind", "push"),)), 0)


def latencies(found: dict) -> float:
    return found.get(("boegbeeld_screen_delivery_seconds_count", ()), 0)


async def feedback_received(ws, count: int) -> None:
    while count:
        if '"type":"feedback"' in await ws.recv():
            count -= 1


async def test_scrape_adds_up_every_workers_figures(uvicorn_workers):
    port, metrics_dir = uvicorn_workers
    _screen, token = await create_screen(slug="lobby")
    _source, api_token = await database_sync_to_async(services.feedback_source_create)(
        name="webcare"
    )
    url = f"ws://127.0.0.1:{port}/ws/screens/lobby/?token={token}"

    def pids_with_screens() -> set[str]:
        return {
            m.group(1) for p in metrics_dir.iterdir() if (m := LIVE_GAUGE.match(p.name))
        }

    async with AsyncExitStack() as stack:
        sockets = []
        # The kernel hands each connection to either worker: connect until both
        # have screens (each worker's gauge lives in its own file).
        while len(pids_with_screens()) < WORKERS and len(sockets) < 40:
            ws = await stack.enter_async_context(
                websockets.connect(url, origin=f"http://127.0.0.1:{port}")
            )
            assert '"snapshot"' in await asyncio.wait_for(ws.recv(), 10)
            sockets.append(ws)
        assert len(pids_with_screens()) == WORKERS

        for number in range(ITEMS):
            response = await asyncio.to_thread(
                requests.post,
                f"http://127.0.0.1:{port}/api/v1/feedback",
                json={"text": f"Bericht {number}", "rating": 5},
                headers={"Authorization": f"Bearer {api_token}"},
                timeout=10,
            )
            assert response.status_code == 201
        for ws in sockets:
            await asyncio.wait_for(feedback_received(ws, ITEMS), 10)

        # Whichever worker answers, the scrape shows the sum over both: every
        # socket got every item, each worker timed each broadcast once.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while True:
            found = await asyncio.to_thread(scrape, port)
            counted = (pushes(found), latencies(found))
            if counted == (ITEMS * len(sockets), ITEMS * WORKERS):
                break
            assert loop.time() < deadline, f"deliveries and latencies: {counted}"
            await asyncio.sleep(0.1)
        for _ in range(6):
            found = await asyncio.to_thread(scrape, port)
            assert screens_connected(found) == len(sockets)
            assert accepted(found) == ITEMS
            assert pushes(found) == ITEMS * len(sockets)

    # The sockets closed: each worker counts its screens down.
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while screens_connected(found := await asyncio.to_thread(scrape, port)) != 0:
        assert loop.time() < deadline, f"still {screens_connected(found)} counted"
        await asyncio.sleep(0.1)
