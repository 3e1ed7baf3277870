"""Machine-to-machine endpoints served the way Django serves WSGI: one thread hop.

Under ASGI, Django starts a new thread for every request and hops between the
event loop and a thread for each synchronous middleware, signal and view: a
dozen hand-offs for one small JSON POST. Feedback sources post many of those,
authenticated by a bearer token, with nothing asynchronous to wait for. Their
paths go to Django's WSGI handler instead, run in one call on a worker thread:
the same settings, URLs, signals and views, with the middleware such requests
need (`MACHINE_API_MIDDLEWARE`), in one go. Responses are collected in the
thread and sent from the event loop.
"""

import json
from collections.abc import Callable
from tempfile import SpooledTemporaryFile

from asgiref.sync import sync_to_async
from asgiref.wsgi import WsgiToAsgiInstance
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from core import metrics

# The feedback API, and Prometheus scraping `/metrics` (core.metrics_view).
FEEDBACK_PATH = "/api/v1/feedback"
MACHINE_PATHS = frozenset({FEEDBACK_PATH, "/metrics"})
# Bodies up to this size stay in memory (the views refuse far smaller ones).
SPOOL_BYTES = 256 * 1024


class WsgiInThread:
    """An ASGI app running a WSGI app once per request on a worker thread.

    Only for endpoints with small, complete (non-streaming) responses.
    """

    def __init__(self, wsgi_app: Callable) -> None:
        self.wsgi_app = wsgi_app

    async def __call__(self, scope, receive, send) -> None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        with SpooledTemporaryFile(max_size=SPOOL_BYTES) as body:
            size = 0
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if limit is not None and size > limit:
                    if scope["path"] == FEEDBACK_PATH:
                        # Refused before the view, which counts every other answer.
                        metrics.feedback_counted("invalid")
                    with translation.override(_language(scope)):
                        await _send(send, *_too_large(limit))
                    return
                body.write(chunk)
                if not message.get("more_body"):
                    break
            body.seek(0)
            response = await sync_to_async(self._run, thread_sensitive=False)(
                scope, body, size
            )
        await _send(send, *response)

    def _run(self, scope: dict, body, size: int) -> tuple[int, list, bytes]:
        instance = WsgiToAsgiInstance(self.wsgi_app)
        instance.scope = scope
        environ = instance.build_environ(scope, body)
        # The whole body has been read: its length is known even when it came
        # chunked, without a Content-Length header.
        environ["CONTENT_LENGTH"] = str(size)
        started: list = []

        def start_response(status: str, headers: list, exc_info=None) -> None:
            started[:] = [int(status.split(" ", 1)[0]), headers]

        result = self.wsgi_app(environ, start_response)
        try:
            content = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()  # Django's request_finished: connections go back
        status, raw_headers = started
        headers = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in raw_headers
        ]
        return status, headers, content


async def _send(send, status: int, headers: list, content: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})


def body_too_large(limit: int) -> str:
    """The error text for a request body over `limit` bytes."""
    return _("Request body larger than %(limit)s bytes.") % {"limit": limit}


def _language(scope: dict) -> str:
    """The client's language, as LocaleMiddleware would pick it, before it runs."""
    request = HttpRequest()
    header = dict(scope.get("headers") or []).get(b"accept-language", b"")
    request.META["HTTP_ACCEPT_LANGUAGE"] = header.decode("latin-1")
    return translation.get_language_from_request(request)


def _too_large(limit: int) -> tuple[int, list, bytes]:
    content = json.dumps({"detail": body_too_large(limit), "field": "body"}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(content)).encode()),
    ]
    return 413, headers, content


class MachineHandler(WSGIHandler):
    """Django's WSGI handler with the middleware of `MACHINE_API_MIDDLEWARE`."""

    def load_middleware(self, is_async: bool = False) -> None:
        everything = settings.MIDDLEWARE
        settings.MIDDLEWARE = settings.MACHINE_API_MIDDLEWARE
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = everything


def machine_api_or(asgi_app: Callable) -> Callable:
    """An ASGI app sending `MACHINE_PATHS` to Django's WSGI handler, the rest on."""
    machine_app = WsgiInThread(MachineHandler())

    async def app(scope, receive, send):
        if scope["type"] == "http" and scope["path"] in MACHINE_PATHS:
            return await machine_app(scope, receive, send)
        return await asgi_app(scope, receive, send)

    return app
