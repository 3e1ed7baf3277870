"""Screens through a Redis outage: how many changes reach every screen.

Two uvicorn workers (the flags of `make run`) share a throw-away database
(Postgres if one answers, else a SQLite file) and a private redis-server on a
free loopback port, which holds the channel layer, the fan-out hub's pub/sub and
the cache. One screen is connected to each worker over a real websocket; each
behaves like static/realtime/screen.js: applies frames by sequence number, sends
a heartbeat every BENCH_HEARTBEAT_S seconds (25, as the page does) and on a lost
socket reconnects with `hello` and its `seq`.

This process approves BENCH_ITEMS pending items (created beforehand) at an even
pace over BENCH_APPROVE_S seconds; BENCH_OUTAGE_S seconds into it the Redis
server is killed (SIGKILL, by its PID) and BENCH_OUTAGE_S seconds later started
again on the same port, empty. During the outage an old pending item is
approved, three shown items are hidden and one is corrected. After the last
change the screens get BENCH_SETTLE_S seconds, then each screen's state is
compared with the database: approved items shown, hidden items still shown, the
correction seen, and when the screen last changed.

Usage: .venv/bin/python bench/outage.py
Environment: BENCH_ITEMS=60 BENCH_APPROVE_S=30 BENCH_OUTAGE_S=10
BENCH_HEARTBEAT_S=25 BENCH_SETTLE_S=60.
"""

import asyncio
import json
import os
import signal
import subprocess
import sys
import time

import fanout
import websockets
from fanout import (
    ROOT,
    base_env,
    free_port,
    prepare_database,
    start_workers,
    stop,
    wait_for,
)

ITEMS = int(os.environ.get("BENCH_ITEMS", "60"))
APPROVE_S = float(os.environ.get("BENCH_APPROVE_S", "30"))
OUTAGE_S = float(os.environ.get("BENCH_OUTAGE_S", "10"))
HEARTBEAT_S = float(os.environ.get("BENCH_HEARTBEAT_S", "25"))
SETTLE_S = float(os.environ.get("BENCH_SETTLE_S", "60"))


def start_redis(port: int) -> subprocess.Popen:
    import shutil
    import socket

    proc = subprocess.Popen(  # noqa: S603
        [shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(port),
         "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip

    def ping() -> bool:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")

    wait_for(ping, 10, "redis-server")
    return proc


class Screen:
    """A wall screen as screen.js is: state by sequence number, heartbeat, hello."""

    def __init__(self, url: str, origin: str) -> None:
        self.url, self.origin = url, origin
        self.items: dict[int, str] = {}
        self.seqs: dict[int, int] = {}
        self.seq: int | None = None
        self.reconnects = 0
        self.first_seen: dict[int, float] = {}

    def apply(self, message: dict) -> None:
        kind, seq = message["type"], message.get("seq", 0)
        if kind == "snapshot":
            if self.seq is None:
                self.seq = seq
            for item in message["items"]:
                if seq >= self.seqs.get(item["id"], 0):
                    self.items[item["id"]], self.seqs[item["id"]] = item["text"], seq
        elif kind in {"feedback", "retract"}:
            item_id = message["item"]["id"] if kind == "feedback" else message["id"]
            if not seq or seq >= self.seqs.get(item_id, 0):
                if kind == "feedback":
                    self.items[item_id] = message["item"]["text"]
                    self.first_seen.setdefault(item_id, time.monotonic())
                else:
                    self.items.pop(item_id, None)
                self.seqs[item_id] = seq or self.seqs.get(item_id, 0)
            if seq and self.seq is not None and seq == self.seq + 1:
                self.seq = seq
        elif kind == "synced":
            self.seq = seq if self.seq is None else max(self.seq, seq)

    async def run(self) -> None:
        while True:
            try:
                async with websockets.connect(self.url, origin=self.origin) as ws:
                    first = True
                    beat = asyncio.create_task(self._beat(ws))
                    try:
                        async for text in ws:
                            message = json.loads(text)
                            self.apply(message)
                            if first:
                                first = False
                                hello = {"type": "hello", "since": 0}
                                if self.seq is not None:
                                    hello["seq"] = self.seq
                                await ws.send(json.dumps(hello))
                    finally:
                        beat.cancel()
            except (OSError, websockets.WebSocketException):
                pass
            self.reconnects += 1
            await asyncio.sleep(1)

    async def _beat(self, ws) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_S)
            await ws.send('{"type":"ping"}')


def django_services(env: dict):
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from realtime import selectors, services

    return services, selectors


def create_data(services):
    """An old pending item, four shown ones, ITEMS pending ones, two screens."""
    from realtime.models import Feedback

    old = services.feedback_ingest(text="Old, waiting for weeks").feedback
    shown = [
        services.feedback_ingest(text=f"Shown {n}", rating=5).feedback for n in range(4)
    ]
    pending = [
        services.feedback_ingest(text=f"Item {n}").feedback for n in range(ITEMS)
    ]
    assert all(f.status == Feedback.Status.PENDING for f in [old, *pending])
    tokens = [
        services.screen_create(slug=f"screen-{i}", name=f"Screen {i}")[1]
        for i in range(2)
    ]
    return old, shown, pending, tokens


def approved_now(selectors) -> dict[int, str]:
    return dict(selectors.approved_feedback_for(None).values_list("id", "text"))


async def main() -> None:
    fanout.DB_NAME = "boeg_bench_outage"
    database_url, db_label, cleanup = prepare_database()
    redis_port = free_port()
    redis = start_redis(redis_port)
    env = base_env(database_url, f"redis://127.0.0.1:{redis_port}/0")
    workers = []
    try:
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        services, selectors = django_services(env)
        old, shown, pending, tokens = await asyncio.to_thread(create_data, services)
        workers = start_workers("config.asgi:application", env, [])
        screens = [
            Screen(
                f"ws://127.0.0.1:{port}/ws/screens/screen-{i}/?token={tokens[i]}",
                f"http://127.0.0.1:{port}",
            )
            for i, (_proc, port) in enumerate(workers)
        ]
        tasks = [asyncio.create_task(s.run()) for s in screens]
        await asyncio.sleep(2)

        started = time.monotonic()
        outage = (OUTAGE_S, 2 * OUTAGE_S)
        down = False
        approved_at: dict[int, float] = {}
        for n, item in enumerate(pending):
            due = started + n * APPROVE_S / ITEMS
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            elapsed = time.monotonic() - started
            if not down and outage[0] <= elapsed < outage[1]:
                os.kill(redis.pid, signal.SIGKILL)
                redis.wait()
                down = True
                await asyncio.to_thread(services.feedback_approve, feedback=old)
                for hidden in shown[:3]:
                    await asyncio.to_thread(services.feedback_hide, feedback=hidden)
                await asyncio.to_thread(
                    services.feedback_edit, feedback=shown[3], text="Corrected",
                    rating=5,
                )  # fmt: skip
            if down and elapsed >= outage[1]:
                redis = start_redis(redis_port)
                down = False
            await asyncio.to_thread(services.feedback_approve, feedback=item)
            approved_at[item.pk] = time.monotonic()
        if down:
            redis = start_redis(redis_port)
        await asyncio.sleep(SETTLE_S)

        approved = await asyncio.to_thread(approved_now, selectors)
        print(
            f"database: {db_label}; {ITEMS} items approved over {APPROVE_S:.0f} s, "
            f"Redis killed at {OUTAGE_S:.0f} s for {OUTAGE_S:.0f} s; heartbeat "
            f"{HEARTBEAT_S:.0f} s; state read {SETTLE_S:.0f} s after the last change"
        )
        expected_items = [item.pk for item in pending]
        for i, screen in enumerate(screens):
            got = sum(1 for pk in expected_items if pk in screen.items)
            hidden_left = sum(1 for item in shown[:3] if item.pk in screen.items)
            delays = sorted(
                screen.first_seen[pk] - approved_at[pk]
                for pk in expected_items
                if pk in screen.first_seen
            )
            median = delays[len(delays) // 2] if delays else float("nan")
            print(
                f"screen {i}: items delivered {got}/{len(expected_items)}; "
                f"old pending approved late: {old.pk in screen.items}; "
                f"hidden still shown: {hidden_left}/3; "
                f"correction shown: {screen.items.get(shown[3].pk) == 'Corrected'}; "
                f"exactly the approved set: {screen.items == approved}; "
                f"approval to screen: median {median:.2f} s, "
                f"longest {max(delays, default=float('nan')):.1f} s; "
                f"reconnects {screen.reconnects}"
            )  # fmt: skip
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        for proc, _port in workers:
            stop(proc)
        stop(redis)
        cleanup()  # drops the database, connections and all


if __name__ == "__main__":
    asyncio.run(main())
