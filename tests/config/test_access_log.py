"""Screen tokens never reach a log line, with the web server `make run` starts.

A real uvicorn process, started with `make run`'s options, serves a real screen:
its page and its websocket are opened with the token in the query (the public
contract), and everything the process wrote is read after it stopped.
"""

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from urllib.request import urlopen

import pytest

from core.logs import SecretQueryFilter

ROOT = Path(__file__).resolve().parents[2]
UVICORN_OPTIONS = ["--lifespan", "off", "--proxy-headers"]
UVICORN_OPTIONS += ["--ws-per-message-deflate", "false"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict:
    """A migrated SQLite site with one screen, in its own process environment."""
    db = tmp_path_factory.mktemp("site") / "db.sqlite3"
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"}
        and not key.startswith(("BOEGBEELD_", "DJANGO_", "SECURE_"))
    }
    env.update(
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{db}",
        DJANGO_SETTINGS_MODULE="config.settings",
        BOEGBEELD_SITE_URL=f"http://127.0.0.1:{port}",
        LOG_LEVEL="INFO",
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run(  # noqa: S603 - fixed argv
        [*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    created = subprocess.run(  # noqa: S603 - fixed argv
        [*manage, "create_screen", "lobby", "--name", "Lobby"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=60,
        capture_output=True,
        text=True,
    )
    url = created.stdout.strip().splitlines()[-1]
    token = parse_qs(urlsplit(url).query)["token"][0]
    return {"env": env, "port": port, "token": token, "path": urlsplit(url).path}


def serve_and_visit(site: dict, visit) -> str:
    """Start uvicorn as `make run` does, run `visit(base_url)`, stop, return output."""
    port = site["port"]
    server = subprocess.Popen(  # noqa: S603 - fixed argv
        [sys.executable, "-m", "uvicorn", "config.asgi:application"]
        + ["--host", "127.0.0.1", "--port", str(port), *UVICORN_OPTIONS],
        cwd=ROOT,
        env=site["env"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    started: list[str] = []
    try:
        # Wait for uvicorn to say it is listening (its output ends if it fails).
        for line in server.stdout:
            started.append(line)
            if "Uvicorn running on" in line:
                break
        else:
            raise RuntimeError("uvicorn did not start:\n" + "".join(started))
        visit(f"127.0.0.1:{port}")
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=30)
    return "".join(started) + output


def test_screen_token_is_not_in_uvicorn_logs(site):
    from websockets.sync.client import connect

    token, path = site["token"], site["path"]

    def visit(host: str) -> None:
        with urlopen(f"http://{host}{path}?token={token}") as page:  # noqa: S310
            assert page.status == 200
        with connect(
            f"ws://{host}/ws{path}?token={token}",
            origin=f"http://{host}",
            open_timeout=10,
        ) as socket_:
            first = socket_.recv(timeout=10)
            assert '"snapshot"' in first

    output = serve_and_visit(site, visit)
    assert token not in output
    # The request lines are still there, with the token's value replaced.
    assert f'"GET {path}?token=[redacted] HTTP/1.1" 200' in output
    assert f'"WebSocket /ws{path}?token=[redacted]" [accepted]' in output


def test_secret_query_filter_keeps_uvicorns_access_record_shape():
    import logging

    from uvicorn.logging import AccessFormatter

    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("10.0.0.1:5", "GET", "/screens/lobby/?lang=nl&token=s3cr3t", "1.1", 200),
        None,
    )
    assert SecretQueryFilter().filter(record) is True
    line = AccessFormatter(
        '%(client_addr)s - "%(request_line)s" %(status_code)s', use_colors=False
    ).format(record)
    assert line == (
        '10.0.0.1:5 - "GET /screens/lobby/?lang=nl&token=[redacted] HTTP/1.1" 200 OK'
    )


@pytest.mark.parametrize(
    ("logger_name", "message", "args"),
    [
        # Daphne's development server (manage.py runserver)
        ("django.channels.server", "HTTP %(method)s %(path)s", None),
        # Django's own development server
        ("django.server", '"%s" %s %s', ("GET /screens/lobby/?token=s3cr3t", 200, 5)),
        ("django.request", "Not Found: %s", ("/screens/lobby/?token=s3cr3t",)),
        ("realtime", "opened /ws/screens/lobby/?token=s3cr3t", None),
    ],
)
def test_django_log_lines_hide_screen_tokens(logger_name, message, args, caplog):
    import logging

    if args is None and "%(" in message:
        args = ({"method": "GET", "path": "/screens/lobby/?token=s3cr3t"},)
    logger = logging.getLogger(logger_name)
    propagate, logger.propagate = logger.propagate, True
    try:
        with caplog.at_level(logging.INFO, logger=logger_name):
            logger.warning(message, *(args or ()))
    finally:
        logger.propagate = propagate
    assert "s3cr3t" not in caplog.text
    assert "token=[redacted]" in caplog.text
