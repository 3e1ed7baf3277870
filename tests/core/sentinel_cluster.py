"""A Redis Sentinel setup for tests: a primary, a replica and three sentinels.

Each process is ours (not daemonized) and is stopped by its PID. The primary can
be killed as in a crash; `wait_for_failover` then waits, with a deadline, until
every sentinel names the replica as the new primary and it says so itself.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import redis

from tests.realtime.servers import start_redis, stop, wait_for_output

MASTER = "boeg"
# Loopback ports kept for these tests.
PRIMARY_PORT, REPLICA_PORT = 6430, 6431
SENTINEL_PORTS = (26430, 26431, 26432)
# Quick enough for a test: down after half a second, a fail-over retried after 2 s.
SENTINEL_CONF = """port {port}
bind 127.0.0.1
daemonize no
logfile ""
dir {dir}
sentinel monitor {master} 127.0.0.1 {primary} 2
sentinel down-after-milliseconds {master} 500
sentinel failover-timeout {master} 2000
sentinel parallel-syncs {master} 1
"""


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> object:
    """Poll `condition` until it returns something true; fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = condition()
        except redis.RedisError:
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not within {timeout} s")
        time.sleep(0.05)


def binaries_missing() -> str | None:
    for name in ("redis-server", "redis-sentinel"):
        if not shutil.which(name):
            return name
    return None


def _client(port: int) -> redis.Redis:
    return redis.Redis(
        host="127.0.0.1", port=port, socket_timeout=2, decode_responses=True
    )


class SentinelCluster:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.servers: dict[int, subprocess.Popen] = {}
        self.sentinels: list[subprocess.Popen] = []

    # --- addresses ---
    def url(self, db: int = 0) -> str:
        hosts = ",".join(f"127.0.0.1:{port}" for port in SENTINEL_PORTS)
        return f"redis+sentinel://{hosts}/{MASTER}/{db}"

    def primary_port(self, sentinel_port: int = SENTINEL_PORTS[0]) -> int:
        sentinel = _client(sentinel_port)
        _host, port = sentinel.sentinel_get_master_addr_by_name(MASTER)
        return int(port)

    def server(self, port: int) -> redis.Redis:
        return _client(port)

    # --- life ---
    def start(self) -> None:
        self._start_server(PRIMARY_PORT)
        self._start_server(REPLICA_PORT, "--replicaof", "127.0.0.1", str(PRIMARY_PORT))
        wait_until(
            lambda: (
                _client(REPLICA_PORT).info("replication")["master_link_status"] == "up"
            ),
            15,
            "the replica in sync",
        )
        for port in SENTINEL_PORTS:
            conf = self.workdir / f"sentinel-{port}.conf"
            conf.write_text(
                SENTINEL_CONF.format(
                    port=port, dir=self.workdir, master=MASTER, primary=PRIMARY_PORT
                )
            )
            process = subprocess.Popen(  # noqa: S603 - fixed argv
                [shutil.which("redis-sentinel") or "redis-sentinel", str(conf)],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            self.sentinels.append(process)
            wait_for_output(process, "+monitor master", 10, "redis-sentinel")
        # Ready when every sentinel knows the replica and the two others (they meet
        # through hello messages every 2 s): only then can they elect and promote.
        for port in SENTINEL_PORTS:
            sentinel = _client(port)
            wait_until(
                lambda s=sentinel: (
                    len(s.sentinel_slaves(MASTER)) == 1
                    and len(s.sentinel_sentinels(MASTER)) == 2
                ),
                20,
                f"sentinel {port} knowing the replica and its peers",
            )

    def _start_server(self, port: int, *args: str) -> None:
        self.servers[port] = start_redis(port, "--dir", str(self.workdir), *args)

    def kill_primary(self) -> int:
        """SIGKILL the primary by its PID, as in a crash; returns its port."""
        port = self.primary_port()
        process = self.servers[port]
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        return port

    def switch_over(self) -> int:
        """Ask the sentinels for a fail-over while the primary still runs (it turns
        into a replica, as in maintenance); returns its port."""
        port = self.primary_port()
        _client(SENTINEL_PORTS[0]).sentinel_failover(MASTER)
        return port

    def wait_for_failover(self, old_port: int, timeout: float = 30) -> int:
        """Every sentinel names a new primary, which says it is one, and the old
        one, if it runs, is its replica; the new primary's port."""

        def promoted() -> int | None:
            ports = {self.primary_port(port) for port in SENTINEL_PORTS}
            if len(ports) != 1 or old_port in ports:
                return None
            (port,) = ports
            if _client(port).info("replication")["role"] != "master":
                return None
            # A primary still running is turned into a replica last (and its
            # clients disconnected); until then it still takes writes.
            if self.servers[old_port].poll() is None:
                role = _client(old_port).info("replication")["role"]
                return port if role == "slave" else None
            return port

        return wait_until(promoted, timeout, "the fail-over")

    def kill_replica(self) -> None:
        """Stop the replica (by its PID) and wait until the primary has none."""
        primary = self.primary_port()
        replica = next(port for port in self.servers if port != primary)
        stop(self.servers[replica])
        wait_until(
            lambda: _client(primary).info("replication")["connected_slaves"] == 0,
            10,
            "the primary without replicas",
        )

    def stop(self) -> None:
        for process in [*self.sentinels, *self.servers.values()]:
            stop(process)
