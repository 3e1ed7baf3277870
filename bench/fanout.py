"""Fan-out benchmark: feedback POSTed to the API → received on N screen websockets.

Two uvicorn worker processes share a throw-away Postgres database (SQLite file if
no Postgres answers) and a private redis-server on a free loopback port. The
screens are N websockets (a lean RFC 6455 client) held by load-generator
processes of BENCH_SOCKETS_PER_PROC (1000) sockets each (`fanout_screens`);
auto-approved feedback is POSTed from a helper process; one clock
(time.monotonic: CLOCK_MONOTONIC, system-wide on Linux) stamps each POST and
each receipt. Each worker is warmed up with a few POSTs first. The file
descriptor limit is raised to the hard limit; the servers inherit it.

Variants, measured in the same run:
  boegbeeld        config.asgi, the default: screens fed by the per-process fan-out
                   hub (one Redis PUBLISH per group, one subscription per group per
                   worker, the encoded JSON written straight to each socket)
  boegbeeld-layer  config.asgi with SCREENS_FANOUT=layer (screens on the pub/sub
                   channel layer, JSON encoded once)
  baseline         bench/baseline_asgi.py (core layer group_send + send_json per
                   socket)

  boegbeeld-core    as boegbeeld-layer, on the core Redis layer
  boegbeeld-sansio  as boegbeeld, uvicorn `--ws websockets-sansio` (uvicorn's
                    default since 0.5x: the same as boegbeeld)
  boegbeeld-legacy  as boegbeeld, uvicorn `--ws websockets` (the legacy
                    implementation: a task and buffers per socket)

Per N, the variants run back to back: p50/p95/p99/max POST-to-receipt latency
at a light load, the same for 50 items/s sustained and a burst of 200 items
(its rate as POSTed and as received by every screen), items missing per screen
after all of that, memory per idle connection (the workers' VmRSS and Pss
before and after connecting the screens, past the first 1 %), idle CPU with
heartbeats running (the workers' utime+stime, as % of one core and of the
machine), and the workers' CPU time per delivered message under load (from
/proc/<pid>/stat, so a busy machine inflates wall-clock figures but much less
the CPU ones).

The workers are started with the flags `make run` uses. Everything runs on
loopback, stops itself, and removes its database and Redis when done.

Usage: .venv/bin/python bench/fanout.py [--screens 1000,5000] [--variants ...]
[--phases light,load] [--per-process 1000]
(default: --screens 200,1000, variants boegbeeld,boegbeeld-layer,baseline;
`--phases light` skips the 50 items/s and burst phases). Env: BENCH_SCREENS,
BENCH_PHASES, BENCH_SOCKETS_PER_PROC; durations BENCH_IDLE_S=30
BENCH_LIGHT_COUNT=40 BENCH_SUSTAINED_S=8 BENCH_BURST=200 BENCH_DRAIN_S=60.
Run it under `flock /tmp/bench.lock` on a shared machine.
"""

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from fanout_screens import Fleet, raise_fd_limit

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DB_NAME = "boeg_bench_fanout"
PG_URL = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
CLK_TCK = os.sysconf("SC_CLK_TCK")
IDLE_S = float(os.environ.get("BENCH_IDLE_S", "30"))
LIGHT_COUNT = int(os.environ.get("BENCH_LIGHT_COUNT", "40"))
SUSTAINED_S = float(os.environ.get("BENCH_SUSTAINED_S", "8"))
BURST = int(os.environ.get("BENCH_BURST", "200"))
DRAIN_S = float(os.environ.get("BENCH_DRAIN_S", "60"))

# BENCH_PROFILE=<folder>: py-spy (BENCH_PY_SPY, not a project dependency) records
# each worker's stacks while idle and under load, as collapsed stacks.
PROFILE_DIR = os.environ.get("BENCH_PROFILE", "")
PY_SPY = os.environ.get("BENCH_PY_SPY", "py-spy")
PROFILE_LOAD_S = float(os.environ.get("BENCH_PROFILE_LOAD_S", "20"))

# The server flags of `make run` (Makefile); only logging differs here.
SERVER_FLAGS = ["--lifespan", "off", "--proxy-headers", "--ws-per-message-deflate",
                "false"]  # fmt: skip

# name: (ASGI app, extra environment, extra uvicorn flags)
VARIANTS = {
    "boegbeeld": ("config.asgi:application", {"SCREENS_FANOUT": "hub"}, []),
    "boegbeeld-layer": (
        "config.asgi:application",
        {"SCREENS_FANOUT": "layer"},
        [],
    ),
    "boegbeeld-core": (
        "config.asgi:application",
        {"SCREENS_FANOUT": "layer", "SCREENS_CHANNEL_LAYER": "core"},
        [],
    ),
    "boegbeeld-sansio": ("config.asgi:application", {}, ["--ws", "websockets-sansio"]),
    "boegbeeld-legacy": ("config.asgi:application", {}, ["--ws", "websockets"]),
    "baseline": ("bench.baseline_asgi:application", {}, []),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"{what} did not start within {timeout} s")


# --- environment ------------------------------------------------------------------
def _psql_base() -> list[str] | None:
    psql = shutil.which("psql")
    if not psql:
        return None
    host = PG_URL.split("@")[-1].split(":")[0]
    base = [psql, "-h", host, "-U", "postgres", "-q", "-c"]
    ok = subprocess.run([*base, "SELECT 1"], capture_output=True)  # noqa: S603
    return base if ok.returncode == 0 else None


def prepare_database() -> tuple[str, str, object]:
    """A fresh database; returns (DATABASE_URL, description, cleanup)."""
    base = _psql_base()
    if base:
        drop = [*base, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)"]
        subprocess.run(drop, check=True)  # noqa: S603
        subprocess.run([*base, f"CREATE DATABASE {DB_NAME}"], check=True)  # noqa: S603

        def cleanup() -> None:
            subprocess.run(drop, capture_output=True)  # noqa: S603

        return f"{PG_URL}/{DB_NAME}", f"Postgres {DB_NAME}", cleanup
    folder = Path(tempfile.mkdtemp(prefix="bench-fanout-"))
    path = folder / "db.sqlite3"

    def remove() -> None:
        shutil.rmtree(folder, ignore_errors=True)

    return f"sqlite:///{path}", f"SQLite file {path} (no Postgres answered)", remove


def base_env(database_url: str, redis_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BOEGBEELD_SITE_URL": "https://boegbeeld.example.com",
        "SECURE_SSL_REDIRECT": "false",
        "FEEDBACK_RATE_LIMIT": "1000000",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def setup_data(env: dict, max_n: int) -> tuple[str, list[tuple[str, str]]]:
    """Migrate, create a feedback source and max_n screens; returns their tokens."""
    subprocess.run(  # noqa: S603
        [PY, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    code = f"""
import django, json
django.setup()
from realtime import services, tokens
from realtime.models import Screen
_s, api = services.feedback_source_create(name="bench")
screens = []
objs = []
for i in range({max_n}):
    token = tokens.new_token()
    screens.append(("s%d" % i, token))
    objs.append(
        Screen(slug="s%d" % i, name="S%d" % i, token_hash=tokens.token_hash(token))
    )
Screen.objects.bulk_create(objs, batch_size=500)
print(json.dumps({{"api": api, "screens": screens}}))
"""
    out = subprocess.run(  # noqa: S603
        [PY, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return data["api"], [tuple(s) for s in data["screens"]]


def start_redis() -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    proc = subprocess.Popen(  # noqa: S603
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--daemonize", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip

    def ping() -> bool:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")

    wait_for(ping, 10, "redis-server")
    return proc, f"redis://127.0.0.1:{port}/0"


def start_workers(app: str, env: dict, flags: list[str], count: int = 2):
    workers = []
    try:
        for _ in range(count):
            port = free_port()
            proc = subprocess.Popen(  # noqa: S603
                [PY, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port",
                 str(port), *SERVER_FLAGS, *flags, "--log-level", "warning",
                 "--no-access-log"],
                cwd=ROOT, env=env,
            )  # fmt: skip
            workers.append((proc, port))
        for _proc, port in workers:
            url = f"http://127.0.0.1:{port}/healthz"
            wait_for(lambda u=url: http_ok(u), 40, "uvicorn")
    except BaseException:
        for proc, _port in workers:
            stop(proc)
        raise
    return workers


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def http_ok(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
        return response.status == 200


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def pss_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def machine_ticks() -> tuple[int, int]:
    """(busy, all) jiffies of every core together, from /proc/stat."""
    fields = [
        int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    ]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def postgres_ticks() -> int:
    """CPU jiffies of every postgres process (the database the workers use)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if "(postgres)" in text:
            fields = text.rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total


def burst_parts(procs, gen_pids, redis_pid, before=None):
    """CPU jiffies of (workers, load generator, Postgres, Redis); with `before`,
    the seconds each used since, as text."""
    now = (
        sum(cpu_ticks(p.pid) for p in procs),
        sum(cpu_ticks(pid) for pid in gen_pids),
        postgres_ticks(),
        cpu_ticks(redis_pid),
    )
    if before is None:
        return now
    names = ("workers", "load generator", "Postgres", "Redis")
    return ", ".join(
        f"{name} {(b - a) / CLK_TCK:.2f} s"
        for name, a, b in zip(names, before, now, strict=True)
    )


def busy_share(before: tuple[int, int], after: tuple[int, int]) -> float:
    """% of the machine's CPU time busy between two `machine_ticks`."""
    total = after[1] - before[1]
    return 100 * (after[0] - before[0]) / total if total else float("nan")


# --- load generator -----------------------------------------------------------------
class Poster:
    """The feedback source: POSTs from a helper process of the load generator.

    The screens' frames keep this process' event loop (and its GIL) busy; POSTs
    sent from threads of the same process would wait for it, and the time they
    wait would count as the servers'. The helper stamps each POST with
    `time.monotonic()`, the same system-wide clock the screens use here.
    """

    def __init__(self, ports: list[int], api_token: str, helper):
        self.ports = ports
        self.token = api_token
        self.helper = helper
        self.sent: dict[int, float] = {}
        self.answered: dict[int, float] = {}  # item id -> POST response time
        self.failures = 0
        self.counter = 0


_client_threads = None
_client_conns = None


def post_batch(ports, token, rate, count, first) -> list[tuple]:
    """In the helper process: POST `count` items at `rate`/s over keep-alive
    connections; returns (status, item id, sent at, answered after) per item."""
    from concurrent.futures import ThreadPoolExecutor

    global _client_threads, _client_conns
    if _client_threads is None:
        # Enough client threads that POSTs are limited by the servers, not by us.
        _client_threads, _client_conns = ThreadPoolExecutor(64), ConnPool()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def post_one(port: int, number: int) -> tuple:
        body = json.dumps(
            {"text": f"Bench item {number}: snel en vriendelijk geholpen!",
             "author": "Bench Tester", "rating": 5, "channel": "survey",
             "external_id": f"b-{time.time_ns()}-{number}"}
        ).encode()  # fmt: skip
        t0 = time.monotonic()
        status, payload = _client_conns.request(port, body, headers)
        answered = time.monotonic() - t0
        item_id = json.loads(payload)["id"] if status in (200, 201) else None
        return status, item_id, t0, answered

    futures, start = [], time.monotonic()
    for i in range(count):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        futures.append(
            _client_threads.submit(post_one, ports[i % len(ports)], first + i)
        )
    return [future.result() for future in futures]


class ConnPool:
    """Thread-local http.client connections; POSTs run in a thread pool."""

    def __init__(self):
        import threading

        self.local = threading.local()

    def request(self, port: int, body: bytes, headers: dict):
        import http.client

        conns = getattr(self.local, "conns", None)
        if conns is None:
            conns = self.local.conns = {}
        # A kept-alive connection the server closed while idle (uvicorn's
        # keep-alive timeout) fails at once: retry once on a fresh one. The
        # body carries an external id, so a repeat is answered idempotently.
        for _attempt in range(2):
            conn = conns.get(port)
            reused = conn is not None
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conns[port] = conn
            try:
                conn.request("POST", "/api/v1/feedback", body=body, headers=headers)
                response = conn.getresponse()
                return response.status, response.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                conns.pop(port, None)
                if not reused:
                    break
        return 0, b""


async def post_at_rate(poster, rate: float, count: int) -> float:
    """POST `count` items at `rate` per second; returns the achieved rate.

    Achieved: items over the time from the first POST to the last answer, so
    even a server that answers at once shows a little under the offered rate.
    """
    results = await asyncio.get_running_loop().run_in_executor(
        poster.helper, post_batch, poster.ports, poster.token, rate, count,
        poster.counter,
    )  # fmt: skip
    poster.counter += count
    first = min(t0 for _status, _id, t0, _answered in results)
    last = max(t0 + answered for _status, _id, t0, answered in results)
    for _status, item_id, t0, answered in results:
        if item_id is None:
            poster.failures += 1
        else:
            poster.sent[item_id] = t0
            poster.answered[item_id] = answered
    return count / max(last - first, 1e-9)


def profile(procs, label: str, seconds: float) -> None:
    """With BENCH_PROFILE=<folder>: py-spy samples each worker for `seconds`."""
    if not PROFILE_DIR:
        return
    for proc in procs:
        out = Path(PROFILE_DIR) / f"{label}-{proc.pid}.txt"
        subprocess.Popen(  # noqa: S603
            [PY_SPY, "record", "--pid", str(proc.pid), "--nonblocking", "-r", "50",
             "-d", str(int(seconds)), "-f", "raw", "-o", str(out)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip


def percentiles(samples: list[float]) -> str:
    """p50/p95/p99/max of samples already sorted."""
    if not samples:
        return "no samples"

    def at(q: float) -> float:
        return samples[min(len(samples) - 1, int(q * (len(samples) - 1) + 0.5))] * 1000

    return (
        f"p50 {at(0.50):7.1f} ms  p95 {at(0.95):7.1f} ms  "
        f"p99 {at(0.99):7.1f} ms  max {at(1.0):7.1f} ms  (n={len(samples)})"
    )


def _p99(samples: list[float]) -> float:
    """p99 of samples already sorted."""
    if len(samples) < 2:
        return float("nan")
    return samples[int(0.99 * (len(samples) - 1) + 0.5)]


def worst_items(poster, last_of: dict, ids, count: int = 3) -> str:
    """The slowest items: last screen's latency / POST answered, in ms."""
    rows = []
    for item_id in ids:
        last = last_of.get(item_id, float("nan"))
        rows.append((last - poster.sent[item_id], poster.answered[item_id]))
    rows.sort(reverse=True)
    return ", ".join(f"{a * 1000:.0f}/{b * 1000:.0f}" for a, b in rows[:count])


def workers_memory(procs) -> tuple[int, int]:
    """(VmRSS, Pss) in KB, summed over the worker processes."""
    return sum(rss_kb(p.pid) for p in procs), sum(pss_kb(p.pid) for p in procs)


async def run_size(variant, workers, screens_tokens, api_token, n, results,
                   redis_pid, helper, args) -> None:  # fmt: skip
    procs = [p for p, _ in workers]
    ports = [port for _, port in workers]
    baseline = variant.startswith("baseline")

    def spec(index: int) -> tuple[int, int, str]:
        slug, token = screens_tokens[index]
        path = "/ws/baseline/" if baseline else f"/ws/screens/{slug}/?token={token}"
        return index, ports[index % len(ports)], path

    fleet = Fleet(n, args.per_process)
    try:
        await _run_size(variant, procs, ports, spec, api_token, n, results,
                        redis_pid, helper, args, fleet)  # fmt: skip
    finally:
        fleet.shutdown()


async def _run_size(variant, procs, ports, spec, api_token, n, results, redis_pid,
                    helper, args, fleet) -> None:  # fmt: skip
    # A few screens first: what the first sockets of a worker set up once (thread
    # pool, database connection, Redis subscription) is not per connection.
    warm = min(n // 2, max(20, n // 100))
    await fleet.connect([spec(i) for i in range(warm)])
    await asyncio.sleep(1)
    rss_before, pss_before = workers_memory(procs)
    t = time.monotonic()
    connect_s, failed = await fleet.connect([spec(i) for i in range(warm, n)])
    connect_s = time.monotonic() - t
    await asyncio.sleep(3)
    rss_after, pss_after = workers_memory(procs)
    per_conn_kb = (rss_after - rss_before) / max(n - warm, 1)
    per_conn_pss = (pss_after - pss_before) / max(n - warm, 1)

    await fleet.broadcast("pinging", True)
    ticks0 = sum(cpu_ticks(p.pid) for p in procs)
    t0 = time.monotonic()
    profile(procs, f"{variant}-{n}-idle", IDLE_S)
    await asyncio.sleep(IDLE_S)
    idle_cpu = (sum(cpu_ticks(p.pid) for p in procs) - ticks0) / CLK_TCK
    idle_cpu_pct = 100 * idle_cpu / (time.monotonic() - t0)

    poster = Poster(ports, api_token, helper)
    # Warm-up, not measured: each worker's first requests build what later ones
    # reuse (URL resolver, masking rules, database and Redis connections).
    await post_at_rate(poster, rate=5, count=4 * len(ports))
    await fleet.wait_delivered(list(poster.sent), 30)
    ticks0 = sum(cpu_ticks(p.pid) for p in procs)
    profile(procs, f"{variant}-{n}-load", PROFILE_LOAD_S)
    gen_pids = [*fleet.pids(), next(iter(helper._processes))]
    redis0 = cpu_ticks(redis_pid)
    gen0 = sum(cpu_ticks(pid) for pid in gen_pids)
    phases: dict[str, list[int]] = {}
    # Light load: latency of a single item reaching every screen.
    before = set(poster.sent)
    await post_at_rate(poster, rate=5, count=LIGHT_COUNT)
    phases["light"] = [i for i in poster.sent if i not in before]
    await fleet.wait_delivered(phases["light"], 30)
    sustained_rate = burst_rate = burst_busy = float("nan")
    burst_split = ""
    drain = 0.0
    if "load" in args.phases:
        # 50 items/s sustained, then a burst of 200 items/s.
        before = set(poster.sent)
        sustained_rate = await post_at_rate(
            poster, rate=50, count=int(50 * SUSTAINED_S)
        )
        phases["sustained"] = [i for i in poster.sent if i not in before]
        before = set(poster.sent)
        burst_ticks = machine_ticks()
        parts0 = burst_parts(procs, gen_pids, redis_pid)
        burst_rate = await post_at_rate(poster, rate=200, count=BURST)
        burst_busy = busy_share(burst_ticks, machine_ticks())
        burst_split = burst_parts(procs, gen_pids, redis_pid, parts0)
        phases["burst"] = [i for i in poster.sent if i not in before]
        drain = await fleet.wait_delivered(
            phases["sustained"] + phases["burst"], DRAIN_S
        )
    load_cpu = (sum(cpu_ticks(p.pid) for p in procs) - ticks0) / CLK_TCK
    redis_cpu = (cpu_ticks(redis_pid) - redis0) / CLK_TCK
    # The load generator: the screens' processes and the POSTing helper.
    own_cpu = (sum(cpu_ticks(pid) for pid in gen_pids) - gen0) / CLK_TCK

    rep = await fleet.report(poster.sent, phases)
    await fleet.close_screens()
    all_ids = [i for ids in phases.values() for i in ids]
    missing = sum(r["missing"] for r in rep.values())
    empty = {"latencies": [], "first_rx": float("nan"), "last_rx": float("nan")}
    burst = rep.get("burst", empty)
    burst_ids = phases.get("burst", [])
    # Delivered rate: burst items over the span from the first POST of the burst
    # to the last screen's receipt of its last item.
    burst_delivered = (
        len(burst_ids) / (burst["last_rx"] - min(poster.sent[i] for i in burst_ids))
        if burst_ids
        else float("nan")
    )
    light = rep["light"]
    row = {
        "variant": variant, "n": n, "connect_s": connect_s, "failed": failed,
        "light": percentiles(light["latencies"]), "light_p99": _p99(light["latencies"]),
        "sustained": percentiles(rep.get("sustained", empty)["latencies"]),
        "burst": percentiles(burst["latencies"]),
        "sustained_rate": sustained_rate, "burst_rate": burst_rate, "drain_s": drain,
        "burst_delivered": burst_delivered, "burst_busy": burst_busy,
        "burst_split": burst_split,
        "light_post": percentiles(sorted(poster.answered[i] for i in phases["light"])),
        "light_worst": worst_items(poster, light["last_of"], phases["light"]),
        "sustained_post": percentiles(
            sorted(poster.answered[i] for i in phases.get("sustained", []))
        ),
        "burst_post": percentiles(sorted(poster.answered[i] for i in burst_ids)),
        "items": len(all_ids), "post_failures": poster.failures,
        "deliveries": len(all_ids) * n - missing, "missing": missing,
        "missing_by_phase": "/".join(str(r["missing"]) for r in rep.values()),
        "phase_names": "/".join(rep),
        "worst": max(r["worst"] for r in rep.values()),
        "kb_per_conn": per_conn_kb, "pss_per_conn": per_conn_pss,
        "idle_cpu_pct": idle_cpu_pct,
        "load_cpu_s": load_cpu, "redis_cpu_s": redis_cpu, "loadgen_cpu_s": own_cpu,
        "posts": len(all_ids) + poster.failures, "generators": fleet.count,
    }  # fmt: skip
    deliveries = max(row["deliveries"], 1)
    row["cpu_us_per_delivery"] = 1e6 * load_cpu / deliveries
    results.append(row)
    print_row(row)


def print_row(r: dict) -> None:
    cpus = os.cpu_count() or 1
    lines = [
        f"\n[{r['variant']}] N = {r['n']} screens "
        f"(connected in {r['connect_s']:.1f} s, {r['failed']} failed; "
        f"{r['generators']} load-generator processes)",
        f"  latency, 5 items/s      : {r['light']}",
        f"  latency, 50 items/s     : {r['sustained']}  "
        f"(achieved {r['sustained_rate']:.0f}/s)",
        f"  latency, burst of {BURST:<5d}: {r['burst']}  "
        f"(achieved {r['burst_rate']:.0f}/s POSTed, "
        f"{r['burst_delivered']:.0f}/s on every screen; machine "
        f"{r['burst_busy']:.0f} % busy meanwhile: {r['burst_split']})",
        f"  POST answered, 5/s      : {r['light_post']}",
        f"  slowest items, 5/s      : {r['light_worst']}",
        f"  POST answered, 50/s     : {r['sustained_post']}",
        f"  POST answered, burst    : {r['burst_post']}",
        f"  delivered               : {r['deliveries']} of {r['items'] * r['n']} "
        f"(missing {r['missing']}: {r['missing_by_phase']} in {r['phase_names']}, "
        f"worst screen missing {r['worst']}); "
        f"drained {r['drain_s']:.1f} s after the burst; "
        f"POST failures {r['post_failures']}",
        f"  memory per idle conn    : {r['kb_per_conn']:.1f} KB RSS, "
        f"{r['pss_per_conn']:.1f} KB Pss (delta over 2 workers)",
        f"  idle CPU, heartbeats on : {r['idle_cpu_pct']:.1f} % of one core "
        f"= {r['idle_cpu_pct'] / cpus:.1f} % of the machine's {cpus} "
        f"(2 workers, {IDLE_S:.0f} s)",
        f"  CPU under load          : workers {r['load_cpu_s']:.2f} s = "
        f"{r['cpu_us_per_delivery']:.1f} us per delivered message "
        f"({r['deliveries']} deliveries, {r['posts']} POSTs); "
        f"Redis {r['redis_cpu_s']:.2f} s; load generator {r['loadgen_cpu_s']:.2f} s",
    ]
    print("\n".join(lines), flush=True)


async def main_async(args, env, api_token, screens_tokens, redis_pid) -> list[dict]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    helper = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    results = []
    try:
        # Per size, the variants back to back: a neighbour's load hits both alike.
        for n in args.sizes:
            for variant in args.variants:
                app, extra, flags = VARIANTS[variant]
                workers = start_workers(app, {**env, **extra}, flags)
                try:
                    await run_size(
                        variant, workers, screens_tokens, api_token, n, results,
                        redis_pid, helper, args,
                    )  # fmt: skip
                finally:
                    for proc, _port in workers:
                        stop(proc)
    finally:
        helper.shutdown()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--screens", "--sizes", dest="sizes",
        default=os.environ.get("BENCH_SCREENS", "200,1000"),
        help="comma-separated numbers of screens (env BENCH_SCREENS)",
    )  # fmt: skip
    parser.add_argument("--variants", default="boegbeeld,boegbeeld-layer,baseline")
    parser.add_argument(
        "--phases", default=os.environ.get("BENCH_PHASES", "light,load"),
        help="light (5 items/s) and load (50 items/s, then the burst)",
    )  # fmt: skip
    parser.add_argument(
        "--per-process", type=int,
        default=int(os.environ.get("BENCH_SOCKETS_PER_PROC", "1000")),
        help="screens per load-generator process",
    )  # fmt: skip
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",")]
    args.variants = args.variants.split(",")
    args.phases = set(args.phases.split(","))
    limit = raise_fd_limit()
    database_url, db_desc, drop_database = prepare_database()
    redis_proc, redis_url = start_redis()
    try:
        env = base_env(database_url, redis_url)
        print(f"fan-out benchmark: 2 uvicorn workers, {db_desc}, private Redis "
              f"{redis_url}, fd limit {limit} (servers inherit it), "
              f"cpus {os.cpu_count()}, somaxconn {_sysctl('net/core/somaxconn')}, "
              f"ephemeral ports {_sysctl('net/ipv4/ip_local_port_range')}")  # fmt: skip
        api_token, screens_tokens = setup_data(env, max(args.sizes))
        try:
            import uvloop

            runner = uvloop.run
        except ImportError:
            runner = asyncio.run
        results = runner(
            main_async(args, env, api_token, screens_tokens, redis_proc.pid)
        )
    finally:
        stop(redis_proc)
        drop_database()
    print("\nsummary (p99 at 5 items/s; worker CPU per delivered message):")
    by = {(r["variant"], r["n"]): r for r in results}
    for n in args.sizes:
        base = by.get(("baseline", n))
        for variant in args.variants:
            row = by.get((variant, n))
            if not row:
                continue
            ratio = (
                f", ratio {row['light_p99'] / base['light_p99']:.2f}"
                if base and variant != "baseline"
                else ""
            )
            print(f"  N={n} {variant}: p99 {row['light_p99'] * 1000:.1f} ms{ratio}; "
                  f"{row['cpu_us_per_delivery']:.1f} us CPU/delivery; "
                  f"{row['kb_per_conn']:.1f} KB/conn; idle CPU "
                  f"{row['idle_cpu_pct']:.1f} % of one core; burst "
                  f"{row['burst_rate']:.0f}/s POSTed, {row['burst_delivered']:.0f}/s "
                  f"delivered; missing {row['missing']}; "
                  f"POST failures {row['post_failures']}")  # fmt: skip
    print_split(args, by)


def _sysctl(name: str) -> str:
    try:
        return " ".join(Path(f"/proc/sys/{name}").read_text().split())
    except OSError:
        return "?"


def print_split(args, by: dict) -> None:
    """Worker CPU split into fan-out and ingest, from the smallest and largest N.

    Both sizes post the same items, so the CPU difference between them is the
    cost of the extra deliveries alone: µs per delivery without the POSTs, and
    what is left of the smaller run per POST (ingest, auth, database, publish).
    """
    if len(args.sizes) < 2:
        return
    small, large = min(args.sizes), max(args.sizes)
    print(f"\nworker CPU split (from N={small} and N={large}):")
    for variant in args.variants:
        a, b = by.get((variant, small)), by.get((variant, large))
        if not a or not b or b["deliveries"] <= a["deliveries"]:
            continue
        if a["missing"] or b["missing"]:
            print(f"  {variant}: n/a (items missing: the workers were saturated)")
            continue
        per_delivery = (b["load_cpu_s"] - a["load_cpu_s"]) / (
            b["deliveries"] - a["deliveries"]
        )
        per_post = (a["load_cpu_s"] - per_delivery * a["deliveries"]) / max(
            a["posts"], 1
        )
        print(f"  {variant}: {per_delivery * 1e6:.1f} us per delivery (fan-out "
              f"alone), {per_post * 1e3:.1f} ms per POST (the rest)")  # fmt: skip


if __name__ == "__main__":
    main()
