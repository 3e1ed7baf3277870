"""The JSON API against its own OpenAPI schema: server errors and contract violations.

Starts the real app under uvicorn on loopback with a throw-away database (a
feedback source, a user with an API token, two locations), then runs
Schemathesis (every check: status codes, response schemas and headers, schema-
valid input accepted, invalid input refused, authentication honoured) against
`/api/v1/openapi.json` and prints the figures. Both should be 0.

Schemathesis is a test tool only: install it into a venv of its own, not the
project's, and name its executable in SCHEMATHESIS:

    python3 -m venv /tmp/st && /tmp/st/bin/pip install schemathesis==4.32.5
    SCHEMATHESIS=/tmp/st/bin/schemathesis .venv/bin/python bench/api_contract.py

BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres runs it on a
throw-away Postgres database (boeg_bench_contract) instead of SQLite;
BENCH_EXAMPLES (default 200) sets the examples per operation and phase.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EXAMPLES = int(os.environ.get("BENCH_EXAMPLES", 200))
DB_NAME = "boeg_bench_contract"
SERVER_ERROR = "ST101"  # the not_a_server_error check


def _schemathesis() -> str:
    given = os.environ.get("SCHEMATHESIS") or shutil.which("schemathesis")
    if not given or not Path(given).exists():
        raise SystemExit(
            "Schemathesis not found: install it into a venv of its own and set "
            "SCHEMATHESIS (see the top of bench/api_contract.py)."
        )
    return given


def _environment(workdir: Path) -> str | None:
    """Settings for this process and the server; the Postgres URL to drop after."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "BOEGBEELD_SITE_URL": "https://boegbeeld.example.com",
            "LOG_LEVEL": "ERROR",
            # Rate limits would answer most requests with 429 (documented, but
            # then little else is tested).
            "FEEDBACK_RATE_LIMIT": "1000000",
            "GUIDELINES_CHECK_RATE_LIMIT": "1000000",
        }
    )
    os.environ.pop("REDIS_URL", None)
    given = os.environ.get("BENCH_DATABASE_URL")
    if not given:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'db.sqlite3'}"
        return None
    import psycopg

    with psycopg.connect(given, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    os.environ["DATABASE_URL"] = urlunsplit(
        urlsplit(given)._replace(path=f"/{DB_NAME}")
    )
    return given


def _drop_database(given: str | None) -> None:
    if given:
        import psycopg

        with psycopg.connect(given, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def seed() -> dict[str, str]:
    import django

    django.setup()
    from django.core.management import call_command
    from wagtail.models import APIToken

    call_command("migrate", verbosity=0)
    # As `make run` does: error pages (403, 500) name static files by the manifest.
    call_command("collectstatic", interactive=False, verbosity=0)
    from realtime import services
    from tests.factories import LocationFactory, UserFactory

    LocationFactory(name="Utrecht", slug="utrecht")
    LocationFactory(name="Rotterdam HQ", slug="rotterdam")
    _source, source_token = services.feedback_source_create(name="contract")
    _token, user_token = APIToken.create_token(user=UserFactory(), name="contract")
    from django.db import connections

    connections.close_all()
    return {"SOURCE_TOKEN": source_token, "USER_TOKEN": user_token}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server() -> tuple[subprocess.Popen, int]:
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own uvicorn, fixed arguments
        [sys.executable, "-m", "uvicorn", "config.asgi:application"]
        + ["--host", "127.0.0.1", "--port", str(port), "--lifespan", "off"]
        + ["--log-level", "warning", "--no-access-log"],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def stop_server(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


# Each security scheme of the schema gets its own credentials.
CONFIG = """\
[auth.openapi.SourceToken]
bearer = "${SOURCE_TOKEN}"

[auth.openapi.BearerTokenAuth]
bearer = "${USER_TOKEN}"
"""


def run_schemathesis(workdir: Path, port: int, tokens: dict[str, str]) -> dict:
    (workdir / "schemathesis.toml").write_text(CONFIG)
    report = workdir / "report.json"
    command = [
        _schemathesis(),
        "run",
        f"http://127.0.0.1:{port}/api/v1/openapi.json",
        "--checks",
        "all",
        "--continue-on-failure",
        "--max-examples",
        str(EXAMPLES),
        "--workers",
        "2",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    print("$ cd", workdir, "&&", shlex.join(command))
    subprocess.run(  # noqa: S603 - fixed arguments
        command, cwd=workdir, env={**os.environ, **tokens}, check=False
    )
    return json.loads(report.read_text())


def figures(report: dict) -> dict[str, int]:
    """Unique failures (as Schemathesis counts them), server errors apart."""
    counts = {failure["code"]: failure["count"] for failure in report["failures"]}
    server = counts.pop(SERVER_ERROR, 0)
    return {
        "test cases": report["test_cases"]["generated"],
        "server errors": server,
        "contract violations": sum(counts.values()),
        "errors (network, schema)": len(report["errors"]),
    }


def failure_kinds(report: dict) -> list[str]:
    return [
        f"{f['code']} {f['title']}: {f['count']} ({', '.join(f['operations'])})"
        for f in report["failures"]
    ]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="boeg-contract-") as tmp:
        workdir = Path(tmp)
        given = _environment(workdir)
        try:
            tokens = seed()
            process, port = start_server()
            try:
                report = run_schemathesis(workdir, port, tokens)
            finally:
                stop_server(process)
        finally:
            _drop_database(given)
    database = "Postgres" if given else "SQLite"
    print(f"\nAPI contract ({database}, {EXAMPLES} examples per operation and phase)")
    for name, value in figures(report).items():
        print(f"  {name:<26} {value}")
    for kind in failure_kinds(report):
        print("   ", kind)
    unused = report["warnings"].get("missing_auth") or []
    if unused:
        print("  warning: operations without credentials:", unused)


if __name__ == "__main__":
    main()
