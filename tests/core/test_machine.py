"""Machine endpoints run through Django's WSGI handler inside the ASGI app."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from asgiref.testing import ApplicationCommunicator
from prometheus_client import REGISTRY

from realtime import services
from realtime.models import Feedback

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def invalid_count() -> float:
    sample = REGISTRY.get_sample_value(
        "boegbeeld_feedback_requests_total", {"outcome": "invalid"}
    )
    return sample or 0.0


async def request(path: str, body: bytes = b"", *, method="POST", headers=()):
    from config.asgi import application

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("localhost", 80),
    }
    app = ApplicationCommunicator(application, scope)
    # The body in two parts: the handler must read all of it.
    half = len(body) // 2
    await app.send_input(
        {"type": "http.request", "body": body[:half], "more_body": True}
    )
    await app.send_input({"type": "http.request", "body": body[half:]})
    start = await app.receive_output(timeout=10)
    content = await app.receive_output(timeout=10)
    assert start["type"] == "http.response.start"
    assert not content.get("more_body", False)
    await app.wait(timeout=5)
    headers = {name.lower(): value for name, value in start["headers"]}
    return start["status"], headers, content["body"]


LENGTH_AND_LANGUAGE = (b"content-length", b"accept-language")


def json_headers(token: str, body: bytes) -> list:
    return [
        (b"authorization", f"Bearer {token}".encode()),
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"accept-language", b"nl"),
    ]


@pytest.fixture
def token(transactional_db) -> str:
    return services.feedback_source_create(name="webcare-tool")[1]


async def test_feedback_post_is_served_through_the_machine_handler(token):
    body = json.dumps({"text": "Snel geholpen", "rating": 5, "external_id": "m-1"})
    body = body.encode()
    status, headers, content = await request(
        "/api/v1/feedback", body, headers=json_headers(token, body)
    )
    assert status == 201
    item = json.loads(content)
    assert item["status"] == "approved"
    assert await Feedback.objects.filter(pk=item["id"]).aexists()
    # The machine middleware: security headers, no browser middleware (no
    # clickjacking header, no session cookie, no Vary: Cookie).
    assert headers[b"x-content-type-options"] == b"nosniff"
    assert b"x-frame-options" not in headers
    assert b"set-cookie" not in headers
    assert b"Cookie" not in headers.get(b"vary", b"")
    # Idempotent through this path too.
    status, _headers, content = await request(
        "/api/v1/feedback", body, headers=json_headers(token, body)
    )
    assert status == 200
    assert json.loads(content)["id"] == item["id"]
    assert await Feedback.objects.acount() == 1


async def test_machine_handler_errors_are_json_and_translated(token):
    body = json.dumps({"text": "<p> </p>"}).encode()
    status, headers, content = await request(
        "/api/v1/feedback", body, headers=json_headers(token, body)
    )
    assert status == 422
    assert headers[b"content-type"].startswith(b"application/json")
    error = json.loads(content)
    assert error["field"] == "text"
    assert error["detail"] == "De tekst is leeg na het verwijderen van de opmaak."

    status, _headers, content = await request(
        "/api/v1/feedback", b"{}", headers=json_headers("wrong", b"{}")
    )
    assert status == 401


async def test_a_chunked_body_without_length_is_read_whole(token):
    body = json.dumps({"text": "In stukjes verstuurd", "rating": 5}).encode()
    headers = [h for h in json_headers(token, body) if h[0] != b"content-length"]
    status, _headers, content = await request("/api/v1/feedback", body, headers=headers)
    assert status == 201
    assert json.loads(content)["status"] == "approved"


@pytest.mark.parametrize(
    ("accept_language", "detail"),
    [
        (b"nl", "De body van het verzoek is groter dan 1000 bytes."),
        (b"fr-FR, en;q=0.8, nl;q=0.5", "Request body larger than 1000 bytes."),
        (b"fr, *;q=0.1", "Request body larger than 1000 bytes."),  # the default
    ],
)
async def test_a_body_over_the_upload_limit_is_refused_unread(
    token, settings, accept_language, detail
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"text": "x" * 2000}).encode()
    headers = [
        *(h for h in json_headers(token, body) if h[0] not in LENGTH_AND_LANGUAGE),
        (b"accept-language", accept_language),
    ]
    invalid = invalid_count()
    status, _headers, content = await request("/api/v1/feedback", body, headers=headers)
    assert status == 413
    assert json.loads(content) == {"detail": detail, "field": "body"}
    assert not await Feedback.objects.aexists()
    assert invalid_count() == invalid + 1  # counted like the view's refusals


async def test_other_paths_keep_the_asgi_handler():
    status, headers, _content = await request("/healthz", method="GET")
    assert status == 200
    assert headers[b"x-frame-options"] == b"DENY"


def test_server_process_is_warm_before_its_first_request():
    """Importing the ASGI app (what every worker does) loads URLs and masking."""
    probe = (
        "import sys, config.asgi\n"
        "from realtime.masking import _engine\n"
        "print('config.urls' in sys.modules, _engine.cache_info().currsize)\n"
    )
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "1"]
