"""The screens of bench/fanout.py: lean websocket clients spread over processes.

One Python process cannot read thousands of sockets without its own event loop
becoming the bottleneck it is meant to measure, so `Fleet` spreads the screens
over child processes (`BENCH_SOCKETS_PER_PROC`, default 1000 sockets each).
Every child stamps each receipt with `time.monotonic()`, which on Linux is the
system-wide CLOCK_MONOTONIC, the same clock the POSTing helper stamps with; it
reports latencies (receipt minus POST time) back when asked, as raw doubles.

The parent drives the children over pipes: connect these screens, heartbeats
on/off, how many deliveries of these items are still missing, report, close.
"""

from __future__ import annotations

import asyncio
import base64
import multiprocessing
import os
import random
import resource
import struct
import time
from array import array
from concurrent.futures import ThreadPoolExecutor

HEARTBEAT_S = 25.0
# Sockets opened at once per child (the server authenticates each in a thread).
CONNECT_CONCURRENCY = int(os.environ.get("BENCH_CONNECT_CONCURRENCY", "50"))


def raise_fd_limit() -> int:
    """Soft RLIMIT_NOFILE up to the hard limit (children inherit it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else 65536
    if target > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return target


class Screen:
    def __init__(self, index: int, counts: dict):
        self.index = index
        self.received: dict[int, float] = {}
        self.counts = counts  # the child's item id -> screens that received it
        self.ws = None
        self.ready = asyncio.Event()


class ScreenClient(asyncio.Protocol):
    """A screen's websocket, kept as lean as possible on the receiving side.

    The load generator shares the machine's cores with the servers it measures,
    so what it spends per received message is taken from them. This client does
    the RFC 6455 handshake, reads frames (server frames are never masked),
    answers pings and close frames, masks what it sends, and stamps each feedback
    frame on arrival. It parses only the item id of a feedback message.
    """

    def __init__(self, screen: Screen, path: str, host: str, origin: str):
        self.screen = screen
        self.key = base64.b64encode(os.urandom(16)).decode()
        self.request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {self.key}\r\n"
            f"Sec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n"
        ).encode()
        self.buffer = bytearray()
        self.open = False
        self.transport = None
        self.closed = asyncio.get_running_loop().create_future()

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(self.request)

    def connection_lost(self, exc) -> None:
        if not self.closed.done():
            self.closed.set_result(exc)

    def send_text(self, text: str) -> None:
        self._send(0x1, text.encode())

    def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self._send(0x8, struct.pack("!H", 1000))

    def _send(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        n = len(payload)
        if n < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
        else:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
        body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.transport.write(header + mask + body)

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        if self.buffer:  # the rest of a frame that arrived split
            self.buffer += data
            data = bytes(self.buffer)
            self.buffer.clear()
        pos = 0
        if not self.open:
            end = data.find(b"\r\n\r\n")
            if end < 0:
                self.buffer += data
                return
            if not data.startswith(b"HTTP/1.1 101"):
                self.transport.close()
                return
            self.open = True
            pos = end + 4
            if b"baseline" in self.request[:40]:
                self.screen.ready.set()
        size = len(data)
        while size - pos >= 2:
            opcode, length = data[pos] & 0x0F, data[pos + 1] & 0x7F
            start = pos + 2
            if length == 126:
                if size - pos < 4:
                    break
                length, start = struct.unpack_from("!H", data, pos + 2)[0], pos + 4
            elif length == 127:
                if size - pos < 10:
                    break
                length, start = struct.unpack_from("!Q", data, pos + 2)[0], pos + 10
            end = start + length
            if end > size:
                break
            if opcode == 0x1:
                self.on_text(data, start, end, now)
            elif opcode == 0x9:
                self._send(0xA, data[start:end])
            elif opcode == 0x8:
                self.close()
                self.transport.close()
                return
            pos = end
        if pos < size:
            self.buffer += data[pos:]

    def on_text(self, data: bytes, start: int, end: int, now: float) -> None:
        head = min(start + 24, end)
        if data.find(b'"feedback"', start, head) >= 0:
            # {"type": "feedback", "item": {"id": 123, ...}}: the first "id" is
            # the item's (with or without spaces: the baseline uses send_json).
            at = data.index(b'"id":', start, end) + 5
            item_id = int(data[at : data.index(b",", at, end)])
            received = self.screen.received
            if item_id not in received:
                received[item_id] = now
                counts = self.screen.counts
                counts[item_id] = counts.get(item_id, 0) + 1
        elif data.find(b'"snapshot"', start, head) >= 0:
            self.screen.ready.set()


async def hold_socket(screen: Screen, port: int, path: str, stop_event, pinging):
    loop = asyncio.get_running_loop()
    host = f"127.0.0.1:{port}"
    _transport, client = await loop.create_connection(
        lambda: ScreenClient(screen, path, host, f"http://{host}"), "127.0.0.1", port
    )
    screen.ws = client

    async def heartbeat():
        await asyncio.sleep(random.uniform(0, HEARTBEAT_S))  # noqa: S311
        while not stop_event.is_set():
            if pinging.is_set():
                client.send_text('{"type":"ping"}')
            await asyncio.sleep(HEARTBEAT_S)

    beat = asyncio.create_task(heartbeat())
    try:
        await client.closed
    finally:
        beat.cancel()


# --- a child process -----------------------------------------------------------------
class _Child:
    def __init__(self) -> None:
        self.screens: list[Screen] = []
        self.counts: dict[int, int] = {}
        self.tasks: list[asyncio.Task] = []
        self.stop_event = asyncio.Event()
        self.pinging = asyncio.Event()

    async def connect(self, specs: list[tuple[int, int, str]]) -> tuple:
        """Open these screens' sockets; (seconds, screens that did not get ready)."""
        sem = asyncio.Semaphore(CONNECT_CONCURRENCY)
        failed = 0

        async def open_one(index: int, port: int, path: str) -> None:
            nonlocal failed
            screen = Screen(index, self.counts)
            self.screens.append(screen)
            async with sem:
                task = asyncio.create_task(
                    hold_socket(screen, port, path, self.stop_event, self.pinging)
                )
                self.tasks.append(task)
                try:
                    await asyncio.wait_for(screen.ready.wait(), 60)
                except TimeoutError:
                    failed += 1

        t = time.monotonic()
        await asyncio.gather(*(open_one(*spec) for spec in specs))
        return time.monotonic() - t, failed

    def missing(self, ids: list[int]) -> int:
        n, counts = len(self.screens), self.counts
        return sum(n - counts.get(i, 0) for i in ids)

    def report(self, sent: dict[int, float], phases: dict[str, list[int]]) -> dict:
        """Per phase: latencies (raw doubles), missing, worst screen, receipt span,
        and each item's last receipt here."""
        out = {}
        for name, ids in phases.items():
            lat = array("d")
            last_of: dict[int, float] = {}
            first_rx, last_rx, missing, worst = float("inf"), 0.0, 0, 0
            for screen in self.screens:
                received, lacking = screen.received, 0
                for item_id in ids:
                    t1 = received.get(item_id)
                    if t1 is None:
                        lacking += 1
                        continue
                    lat.append(t1 - sent[item_id])
                    if t1 > last_of.get(item_id, 0.0):
                        last_of[item_id] = t1
                    first_rx = min(first_rx, t1)
                    last_rx = max(last_rx, t1)
                missing += lacking
                worst = max(worst, lacking)
            out[name] = {
                "latencies": lat.tobytes(), "missing": missing, "worst": worst,
                "first_rx": first_rx, "last_rx": last_rx, "last_of": last_of,
            }  # fmt: skip
        return out

    async def close(self) -> None:
        self.stop_event.set()
        for screen in self.screens:
            if screen.ws is not None:
                screen.ws.close()
        await asyncio.wait_for(asyncio.gather(*self.tasks, return_exceptions=True), 30)


async def _child_loop(conn) -> None:
    loop = asyncio.get_running_loop()
    child = _Child()
    while True:
        # A thread reads the pipe: `add_reader` would make its socket
        # non-blocking, and a large reply then fails half-written.
        command, arg = await loop.run_in_executor(None, conn.recv)
        if command == "connect":
            reply = await child.connect(arg)
        elif command == "pinging":
            (child.pinging.set if arg else child.pinging.clear)()
            reply = None
        elif command == "missing":
            reply = child.missing(arg)
        elif command == "report":
            reply = child.report(*arg)
        elif command == "close":
            try:
                await child.close()
            except TimeoutError:
                pass
            child = _Child()
            reply = None
        else:  # "exit"
            conn.send(None)
            return
        conn.send(reply)


def child_main(conn) -> None:
    raise_fd_limit()
    try:
        import uvloop

        uvloop.run(_child_loop(conn))
    except ImportError:
        asyncio.run(_child_loop(conn))


# --- the parent's side -----------------------------------------------------------
class Fleet:
    """The child processes holding the screens; screen i lives in child i // per."""

    def __init__(self, n: int, per_process: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.per = per_process
        self.count = max(1, -(-n // per_process))
        self.conns, self.procs = [], []
        # A thread per child waits for its reply (the pipes block).
        self.readers = ThreadPoolExecutor(self.count)
        for _ in range(self.count):
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=child_main, args=(child,), daemon=True)
            proc.start()
            child.close()
            self.conns.append(parent)
            self.procs.append(proc)

    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    async def ask(self, messages: list) -> list:
        """One message per child (None: skip that child); their replies."""
        loop = asyncio.get_running_loop()
        waits = []
        for conn, message in zip(self.conns, messages, strict=True):
            if message is None:
                continue
            conn.send(message)
            waits.append(loop.run_in_executor(self.readers, conn.recv))
        return await asyncio.gather(*waits)

    async def broadcast(self, command: str, arg=None) -> list:
        return await self.ask([(command, arg)] * self.count)

    async def connect(self, specs: list[tuple[int, int, str]]) -> tuple[float, int]:
        """Open screens (index, port, path) in their children; (seconds, failed)."""
        by_child: list[list] = [[] for _ in range(self.count)]
        for spec in specs:
            by_child[spec[0] // self.per].append(spec)
        messages = [("connect", s) if s else None for s in by_child]
        t = time.monotonic()
        replies = await self.ask(messages)
        return time.monotonic() - t, sum(failed for _s, failed in replies)

    async def missing(self, ids: list[int]) -> int:
        return sum(await self.broadcast("missing", ids))

    async def wait_delivered(self, ids: list[int], timeout: float) -> float:
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if not await self.missing(ids):
                break
            await asyncio.sleep(0.1)
        return time.monotonic() - start

    async def report(self, sent: dict, phases: dict) -> dict:
        """Per phase, over every child: sorted latencies, missing, worst screen,
        first and last receipt, each item's last receipt."""
        sent = {i: sent[i] for ids in phases.values() for i in ids}
        replies = await self.broadcast("report", (sent, phases))
        merged = {}
        for name in phases:
            lat = array("d")
            last_of: dict[int, float] = {}
            row = {"missing": 0, "worst": 0, "first_rx": float("inf"), "last_rx": 0.0}
            for reply in replies:
                part = reply[name]
                lat.frombytes(part["latencies"])
                row["missing"] += part["missing"]
                row["worst"] = max(row["worst"], part["worst"])
                row["first_rx"] = min(row["first_rx"], part["first_rx"])
                row["last_rx"] = max(row["last_rx"], part["last_rx"])
                for item_id, t1 in part["last_of"].items():
                    if t1 > last_of.get(item_id, 0.0):
                        last_of[item_id] = t1
            row["latencies"] = sorted(lat)
            row["last_of"] = last_of
            merged[name] = row
        return merged

    async def close_screens(self) -> None:
        await self.broadcast("close")

    def shutdown(self) -> None:
        for conn, proc in zip(self.conns, self.procs, strict=True):
            try:
                conn.send(("exit", None))
            except OSError:
                pass
            proc.join(10)
            if proc.is_alive():
                proc.terminate()
                proc.join(5)
        self.readers.shutdown(wait=False, cancel_futures=True)
