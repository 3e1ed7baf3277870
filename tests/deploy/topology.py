"""The production topology for tests: deploy/run_topology.py run as an operator
would, and requests to it from chosen loopback addresses."""

import http.client
import os
import shutil
import signal
import ssl
import subprocess
import sys
import threading
from pathlib import Path

import requests
import requests.adapters

from tests.realtime.servers import ROOT, free_port, stop

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE_HOST = "boegbeeld.example.com"
BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36"
)
PASSWORD = "nginx-in-front-2026"  # noqa: S105 - a test account's
PROXY = "127.0.0.2"  # nginx connects to the workers from here (run_topology's default)
METRICS_TOKEN = "topology-metrics-" + "x" * 24  # noqa: S105 - a test token
START_TIMEOUT = 240  # collectstatic and migrate first, on a shared machine


class Topology:
    """The running script: its ports, directories and what it printed."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.port, self.http_port = free_port(), free_port()
        self.web_ports = [free_port(), free_port()]
        self.static_root, self.media_root = base / "static", base / "media"
        self.run = base / "run"
        self.cert = str(self.run / "tls" / "cert.pem")
        self.output: list[str] = []
        self.process: subprocess.Popen | None = None
        self.redis_url = ""

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def tls(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.cert)

    def start(self, env: dict) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed argv
            [sys.executable, "deploy/run_topology.py", "--port", str(self.port)]
            + ["--http-port", str(self.http_port), "--run-dir", str(self.run)]
            + ["--web-ports", ",".join(map(str, self.web_ports))]
            # The test database is migrated; a second migrate's post_migrate
            # handlers would recreate rows the serialized rollback restores.
            + ["--skip-migrate"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        ready = threading.Event()

        def read() -> None:
            for line in self.process.stdout:
                self.output.append(line)
                if "run_topology: ready:" in line:
                    ready.set()
            ready.set()  # it ended: wake the waiter, which then checks

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(START_TIMEOUT) or self.process.poll() is not None:
            self.stop()
            raise RuntimeError("the topology did not start:\n" + self.report())

    def started_pids(self) -> dict[str, int]:
        """What the script says it started: {name: pid}."""
        pids = {}
        for line in self.output:
            if line.startswith("run_topology: started "):
                name, pid = line.split()[2], line.rsplit("pid ", 1)[1].rstrip(")\n")
                pids[name] = int(pid)
        return pids

    def stop(self) -> int | None:
        """Ctrl-C, as an operator would; the script stops its processes."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            stop(self.process)
            return None

    def report(self) -> str:
        logs = sorted((self.run / "logs").glob("*.log")) if self.run.exists() else []
        tails = [f"--- {p.name}\n" + p.read_text()[-3000:] for p in logs]
        return "".join(self.output) + "\n".join(tails)


class SourceAddressAdapter(requests.adapters.HTTPAdapter):
    """Requests from a given loopback address, or with a made-up X-Forwarded-For."""

    def __init__(self, *, source: str = "", forwarded: str = "") -> None:
        self.source, self.forwarded = source, forwarded
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        if self.source:
            kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)

    def add_headers(self, request, **kwargs) -> None:
        if self.forwarded:
            request.headers["X-Forwarded-For"] = self.forwarded


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def get(site, path: str, *, port: int | None = None, source: str = "", headers=None):
    """One request from `source` (a loopback address), through nginx unless `port`
    names a worker; returns the status, headers and body, following nothing."""
    if port is None:
        conn = http.client.HTTPSConnection(
            "127.0.0.1", site.port, context=site.tls(), timeout=10
        )
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    if source:
        conn.source_address = (source, 0)
    try:
        conn.request("GET", path, headers={"User-Agent": BROWSER, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.msg, response.read()
    finally:
        conn.close()
