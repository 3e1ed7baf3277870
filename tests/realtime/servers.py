"""Real servers for tests: ASGI workers and a private Redis, on free loopback ports."""

import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_output(process: subprocess.Popen, needle: str, timeout: float, what: str):
    """Block until the process prints `needle` (it says it is ready), then keep
    draining its output in the background so a full pipe never stalls it."""
    ready = threading.Event()

    def read() -> None:
        for line in process.stdout:
            if needle in line:
                ready.set()
        ready.set()  # the process ended: wake the waiter, which then checks

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(timeout) or process.poll() is not None:
        stop(process)
        raise TimeoutError(f"{what} did not start within {timeout} s")


def start_uvicorn(port: int, env: dict) -> subprocess.Popen:
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
            "--lifespan",
            "off",
            "--log-level",
            "info",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    wait_for_output(process, "Uvicorn running on", 30, "uvicorn")
    return process


def start_redis(port: int, *extra_args: str) -> subprocess.Popen:
    """A redis-server on `port` that keeps nothing on disk; `extra_args` add to
    its command line (a working directory, `--replicaof`)."""
    process = subprocess.Popen(  # noqa: S603 - fixed argv
        [
            shutil.which("redis-server") or "/usr/bin/redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            *extra_args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    wait_for_output(process, "Ready to accept connections", 10, "redis-server")
    return process


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
