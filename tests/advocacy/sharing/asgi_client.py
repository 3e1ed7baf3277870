"""A test client for the site's real ASGI application (config.asgi), routers included.

Django's test client calls the URL resolver directly, past config/asgi.py: it
would never reach the tracked-link app routed there. This one sends the request
the way uvicorn does (one `http` scope, the body, the answer collected), from the
test's thread: database work the app does on a thread comes back to this thread
(asgiref's thread-sensitive mode), so it sees the test's transaction.
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote, unquote, urlsplit

from asgiref.sync import async_to_sync
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpHeaders


class AsgiResponse:
    def __init__(self, status: int, headers: list, content: bytes) -> None:
        self.status_code = status
        self.raw_headers = [
            (k.decode("latin-1"), v.decode("latin-1")) for k, v in headers
        ]
        self.headers = HttpHeaders(
            {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in self.raw_headers}
        )
        self.content = content

    @property
    def text(self) -> str:
        return self.content.decode()

    def __getitem__(self, name: str) -> str:
        return self.headers[name]

    def __contains__(self, name: str) -> bool:
        return name in self.headers


class AsgiClient:
    """`get`/`head` like Django's test client (META-style keyword headers)."""

    def __init__(self, **defaults: str) -> None:
        self.defaults = defaults

    def get(self, path: str, **meta: str) -> AsgiResponse:
        return self.request("GET", path, **meta)

    def head(self, path: str, **meta: str) -> AsgiResponse:
        return self.request("HEAD", path, **meta)

    def request(self, method: str, path: str, **meta: str) -> AsgiResponse:
        meta = {**self.defaults, **meta}
        parts = urlsplit(path)
        headers = [(b"host", meta.pop("HTTP_HOST", "testserver").encode())]
        remote = meta.pop("REMOTE_ADDR", "127.0.0.1")
        for key, value in meta.items():
            if key.startswith("HTTP_"):
                name = key.removeprefix("HTTP_").lower().replace("_", "-")
                headers.append((name.encode("latin-1"), value.encode("latin-1")))
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": method,
            "scheme": meta.get("wsgi.url_scheme", "http"),
            "path": unquote(parts.path),
            "raw_path": quote(unquote(parts.path)).encode(),
            "root_path": "",
            "query_string": parts.query.encode(),
            "headers": headers,
            "client": (remote, 50000),
            "server": ("testserver", 80),
        }
        # As Django's test client does: the test's transaction is on this
        # thread's connection, which request_started/finished would close.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            return async_to_sync(_call)(scope)
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


async def _call(scope: dict) -> AsgiResponse:
    from advocacy.sharing.clicks_async import redis_close
    from config.asgi import application

    sent: list[dict] = []
    requested = False
    answered = asyncio.Event()

    async def receive() -> dict:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await answered.wait()  # the client hangs up only once it has the answer
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            answered.set()

    try:
        await application(scope, receive, send)
    finally:
        await redis_close()  # this event loop ends with the request
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(
        m.get("body", b"") for m in sent if m["type"] == "http.response.body"
    )
    return AsgiResponse(start["status"], start.get("headers", []), body)
