"""Start Boegbeeld's production topology on this machine, as one foreground command.

nginx (TLS, static files, media, websockets) in front of uvicorn web workers, the
job worker, on the Postgres and Redis of DATABASE_URL and REDIS_URL:

    DATABASE_URL=postgres://... REDIS_URL=redis://... SECRET_KEY=... \\
    ALLOWED_HOSTS=boegbeeld.example.com,127.0.0.1 \\
    BOEGBEELD_SITE_URL=https://boegbeeld.example.com \\
        .venv/bin/python deploy/run_topology.py --port 8443

It runs collectstatic and migrate, starts the workers with the ExecStart of
deploy/boegbeeld-web@.service and deploy/boegbeeld-worker.service and nginx with
deploy/nginx/boegbeeld.conf, rewritten for loopback ports and a run directory of
its own (config, pid, logs, temporary files, a self-signed certificate unless
--cert/--key are given), so it needs no root. It prints `ready: <url>` once nginx
answers /readyz, and on Ctrl-C or SIGTERM stops everything it started, by PID.

nginx connects to the workers from --proxy-address (127.0.0.2), the only address
they take X-Forwarded-For from: anything else on this machine (which connects
from 127.0.0.1) reaching a worker directly keeps its own address.
"""

from __future__ import annotations

import argparse
import http.client
import os
import pwd
import re
import shlex
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
SITE = DEPLOY / "nginx" / "boegbeeld.conf"
WEB_UNIT = DEPLOY / "boegbeeld-web@.service"
WORKER_UNIT = DEPLOY / "boegbeeld-worker.service"
# What the deploy/ files say for a real installation; rewritten for this run.
INSTALL_DIR = "/srv/boegbeeld"
UNIT_PYTHON = f"{INSTALL_DIR}/.venv/bin/python"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0


def exec_start(unit: Path) -> list[str]:
    """The command line of a systemd unit's ExecStart, with this venv's Python."""
    lines = [
        line.split("=", 1)[1]
        for line in unit.read_text().splitlines()
        if line.startswith("ExecStart=")
    ]
    if len(lines) != 1:
        raise SystemExit(f"{unit}: expected one ExecStart line")
    argv = shlex.split(lines[0])
    if argv[0] != UNIT_PYTHON:
        raise SystemExit(f"{unit}: ExecStart should start with {UNIT_PYTHON}")
    return [sys.executable, *argv[1:]]


def web_command(port: int, proxy: str) -> list[str]:
    argv = [arg.replace("%i", str(port)) for arg in exec_start(WEB_UNIT)]
    at = argv.index("--forwarded-allow-ips")
    argv[at + 1] = proxy
    return argv


def _replace(text: str, old: str, new: str, count: int = 1) -> str:
    """Replace a value the site file must contain exactly `count` times."""
    found = text.count(old)
    if found != count:
        raise SystemExit(f"{SITE}: expected {old!r} {count} time(s), found {found}")
    return text.replace(old, new)


def site_config(
    *,
    port: int,
    http_port: int,
    web_ports: list[int],
    proxy: str,
    static_root: str,
    media_root: str,
    cert: str,
    key: str,
    acme_root: str,
) -> str:
    """deploy/nginx/boegbeeld.conf for this run: loopback ports, these paths."""
    text = SITE.read_text()
    servers = re.findall(r"(?m)^    server 127\.0\.0\.1:\d+;\n", text)
    if not servers:
        raise SystemExit(f"{SITE}: no upstream servers found")
    upstream = "".join(f"    server 127.0.0.1:{p};\n" for p in web_ports)
    text = text.replace(servers[0], "\x00", 1)
    for line in servers[1:]:
        text = text.replace(line, "", 1)
    text = text.replace("\x00", upstream)
    text = _replace(text, "listen 80;", f"listen 127.0.0.1:{http_port};")
    text = _replace(text, "    listen [::]:80;\n", "")
    text = _replace(text, "listen 443 ssl", f"listen 127.0.0.1:{port} ssl")
    text = _replace(text, "    listen [::]:443 ssl http2;\n", "")
    text = _replace(
        text, "https://$host$request_uri", f"https://$host:{port}$request_uri"
    )
    text = _replace(text, "root /var/www/html;", f"root {acme_root};")
    letsencrypt = "/etc/letsencrypt/live/boegbeeld.example.com"
    text = _replace(text, f"{letsencrypt}/fullchain.pem", cert)
    text = _replace(text, f"{letsencrypt}/privkey.pem", key)
    text = _replace(text, f"{INSTALL_DIR}/staticfiles/", static_root.rstrip("/") + "/")
    text = _replace(text, f"{INSTALL_DIR}/media/", media_root.rstrip("/") + "/")
    return _replace(text, "proxy_bind 127.0.0.1;", f"proxy_bind {proxy};", count=2)


def main_config(run: Path) -> str:
    """nginx's own configuration around the site: everything under `run`."""
    user = ""
    if os.geteuid() == 0:  # nginx would otherwise look for a group "nobody"
        try:
            pwd.getpwnam("www-data")
            user = "user www-data;\n"
        except KeyError:
            user = "user nobody nogroup;\n"
    temp = "\n".join(
        f"    {kind}_temp_path {run}/nginx/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}worker_processes 1;
pid {run}/nginx/nginx.pid;
error_log {run}/logs/nginx-error.log warn;
events {{
    worker_connections 1024;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    server_tokens off;
    access_log {run}/logs/nginx-access.log;
{temp}
    include {run}/nginx/boegbeeld.conf;
}}
"""


def self_signed(run: Path) -> tuple[str, str]:
    """A certificate for 127.0.0.1 and localhost, valid two days."""
    cert, key = run / "tls" / "cert.pem", run / "tls" / "key.pem"
    cert.parent.mkdir(exist_ok=True)
    subprocess.run(  # noqa: S603 - fixed argv
        ["openssl", "req", "-x509", "-newkey", "ec"]
        + ["-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"]
        + ["-subj", "/CN=127.0.0.1", "-addext"]
        + ["subjectAltName=IP:127.0.0.1,DNS:localhost"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return str(cert), str(key)


def django_paths(env: dict) -> tuple[str, str]:
    """STATIC_ROOT and MEDIA_ROOT as the settings resolve them."""
    code = "from django.conf import settings as s; print(s.STATIC_ROOT, s.MEDIA_ROOT)"
    out = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return out[-2], out[-1]


class Topology:
    """The processes of one run, started in order and stopped by PID."""

    def __init__(self, args: argparse.Namespace, env: dict, run: Path) -> None:
        self.args, self.env, self.run = args, env, run
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.host = urlsplit(env.get("BOEGBEELD_SITE_URL", "")).hostname or "127.0.0.1"
        self.tls = ssl.create_default_context()

    def log(self, name: str) -> Path:
        return self.run / "logs" / f"{name}.log"

    def spawn(self, name: str, argv: list[str]) -> subprocess.Popen:
        with self.log(name).open("ab") as out:
            process = subprocess.Popen(  # noqa: S603 - argv from our own deploy/ files
                argv,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                # Its own session: a Ctrl-C reaches this script only, which then
                # stops every process in order.
                start_new_session=True,
            )
        self.processes.append((name, process))
        say(f"started {name} (pid {process.pid})")
        return process

    def wait_until(self, what: str, process: subprocess.Popen, ready) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while not ready():
            if process.poll() is not None:
                code = process.returncode
                raise SystemExit(f"{what} exited ({code}); see {self.log(what)}")
            if time.monotonic() > deadline:
                raise SystemExit(f"{what} not ready after {START_TIMEOUT:.0f} s")
            time.sleep(0.2)

    def answers(self, port: int, path: str, tls: bool = False) -> bool:
        if tls:
            conn = http.client.HTTPSConnection("127.0.0.1", port, context=self.tls)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.timeout = 5
        try:
            conn.request("GET", path, headers={"Host": self.host})
            return conn.getresponse().status == 200
        except OSError:
            return False
        finally:
            conn.close()

    def start(self) -> None:
        args, run = self.args, self.run
        for folder in ("logs", "nginx", "acme"):
            (run / folder).mkdir(parents=True, exist_ok=True)
        manage = [sys.executable, "manage.py"]
        commands = [["collectstatic", "--no-input"]]
        if not args.skip_migrate:
            commands.append(["migrate", "--no-input"])
        say(", ".join(command[0] for command in commands))
        for command in commands:
            with self.log("manage").open("ab") as out:
                done = subprocess.run(  # noqa: S603 - fixed argv
                    [*manage, *command, "-v0"],
                    cwd=ROOT,
                    env=self.env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            if done.returncode:
                raise SystemExit(f"{command[0]} failed; see {self.log('manage')}")
        webs = {
            port: self.spawn(f"web-{port}", web_command(port, args.proxy_address))
            for port in args.web_ports
        }
        worker = self.spawn("worker", exec_start(WORKER_UNIT))
        for port, web in webs.items():
            self.wait_until(
                f"web-{port}", web, lambda p=port: self.answers(p, "/healthz")
            )
        worker_log = self.log("worker")
        self.wait_until(
            "worker", worker, lambda: "running jobs" in worker_log.read_text()
        )
        cert, key = args.cert, args.key
        if cert:  # issued for the site's name: the probe asks 127.0.0.1
            self.tls.check_hostname = False
        else:
            cert, key = self_signed(run)
        self.tls.load_verify_locations(cert)
        static_root, media_root = django_paths(self.env)
        (run / "nginx" / "boegbeeld.conf").write_text(
            site_config(
                port=args.port,
                http_port=args.http_port,
                web_ports=args.web_ports,
                proxy=args.proxy_address,
                static_root=static_root,
                media_root=media_root,
                cert=cert,
                key=key,
                acme_root=str(run / "acme"),
            )
        )
        conf = run / "nginx" / "nginx.conf"
        conf.write_text(main_config(run))
        nginx = [args.nginx, "-p", str(run / "nginx"), "-c", str(conf)]
        nginx += ["-e", str(self.log("nginx-error")), "-g", "daemon off;"]
        if subprocess.run([*nginx, "-t", "-q"]).returncode:  # noqa: S603
            raise SystemExit(f"nginx -t failed; see {self.log('nginx-error')}")
        proxy = self.spawn("nginx", nginx)
        ready = lambda: self.answers(args.port, "/readyz", tls=True)  # noqa: E731
        self.wait_until("nginx", proxy, ready)

    def stop(self) -> None:
        """nginx first (no new requests), then the web workers, then the worker."""
        order = sorted(self.processes, key=lambda p: p[0] != "nginx")
        for name, process in order:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                say(f"{name} did not stop within {STOP_TIMEOUT:.0f} s: killed")
                process.kill()
                process.wait()
            say(f"stopped {name} (pid {process.pid})")
        self.processes.clear()


class Interrupted(Exception):  # noqa: N818 - a signal, not an error
    """SIGINT or SIGTERM: stop everything."""


def say(message: str) -> None:
    print(f"run_topology: {message}", flush=True)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8443, help="nginx, https")
    parser.add_argument("--http-port", type=int, default=8080, help="nginx, redirects")
    parser.add_argument(
        "--web-ports",
        default="8001,8002",
        type=lambda value: [int(p) for p in value.split(",")],
        help="one uvicorn worker per port (127.0.0.1)",
    )
    parser.add_argument("--proxy-address", default="127.0.0.2")
    parser.add_argument("--run-dir", type=Path, help="default: a new temporary one")
    parser.add_argument("--cert", help="PEM certificate (default: self-signed)")
    parser.add_argument("--key", help="its PEM private key")
    parser.add_argument(
        "--skip-migrate",
        action="store_true",
        help="the database is migrated already (migrations run apart)",
    )
    parser.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx")
    args = parser.parse_args(argv)
    if bool(args.cert) != bool(args.key):
        parser.error("--cert and --key go together")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    env = dict(os.environ)
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not env.get(name):
            raise SystemExit(f"set {name}: the topology runs on Postgres and Redis")
    env["BOEGBEELD_SERVE_MEDIA"] = "false"  # nginx serves /media/
    env.setdefault("PYTHONUNBUFFERED", "1")  # logs as they happen
    run = args.run_dir or Path(tempfile.mkdtemp(prefix="boegbeeld-topology-"))
    run.mkdir(parents=True, exist_ok=True)
    run.chmod(0o755)  # nginx's workers run as www-data when started as root
    # Prometheus metrics: the web workers write their figures to one directory,
    # emptied before they start, and whichever answers a scrape adds them up.
    metrics = run / "metrics"
    shutil.rmtree(metrics, ignore_errors=True)
    metrics.mkdir()
    env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics)

    def interrupted(signum: int, frame: object) -> None:
        raise Interrupted(signum)

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, interrupted)
    topology = Topology(args, env, run)
    try:
        topology.start()
        say(f"ready: https://127.0.0.1:{args.port}/ (run directory {run})")
        while True:
            time.sleep(1)  # a signal ends it at once (Interrupted)
            for name, process in topology.processes:
                if process.poll() is not None:
                    say(f"{name} exited ({process.returncode}): stopping")
                    return 1
    except Interrupted:
        return 0
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, signal.SIG_IGN)  # stopping is not interrupted
        topology.stop()


if __name__ == "__main__":
    sys.exit(main())
