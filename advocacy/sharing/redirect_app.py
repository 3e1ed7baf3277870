"""Tracked links (`GET /s/<code>`) answered on the event loop.

The view (`views.tracked_link_redirect`) behind Django's ASGI handler pays a
thread hop per middleware and for the view, and the whole browser middleware
stack, for what is a dictionary look-up, one Redis round trip and a 302. This
ASGI app answers the same redirect itself:

* the link from this process's link cache (`links.tracked_link_cached`), on a
  miss from the database on a thread (`clicks_async.db_call`);
* bots get the redirect and no click, a network's preview crawler marks the
  share as seen (`links.preview_note`, on a thread, the first time only);
* a browser's GET is counted with one Redis round trip
  (`clicks_async.click_record_async`; into the database while Redis is down),
  then at most once an interval the figures are refreshed after the answer;
* the headers Django's middleware would add (security, frame, CSP, language).

Anything else goes to Django unchanged: other methods, a host outside
ALLOWED_HOSTS (Django answers 400), plain HTTP when HTTPS is required (Django
redirects), unknown codes and links that are gone (Django's 404 and 410 pages).
The access log line is uvicorn's, as for every request.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseRedirect, parse_cookie
from django.http.request import split_domain_port, validate_host
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from django.utils import timezone, translation
from django.utils.encoding import iri_to_uri

from advocacy.sharing.clicks import is_bot
from advocacy.sharing.clicks_async import click_record_async, db_call
from advocacy.sharing.links import (
    CODE_RE,
    LinkTarget,
    preview_note,
    preview_to_note,
    tracked_link_cached,
    tracked_link_resolve,
)
from advocacy.sharing.tasks import figures_refresh_if_due, figures_refresh_worth_trying
from core import metrics
from core.csp import SiteCSPMiddleware

logger = logging.getLogger(__name__)

TRACKED_PATH = re.compile(rf"/s/({CODE_RE.pattern})")
SAFE_METHODS = frozenset({"GET", "HEAD"})
# Most visitors send one of a few hundred user agents: the bot check is a large
# regular expression, so its answers are kept (bounded: anyone can make one up).
_is_bot = lru_cache(maxsize=2048)(is_bot)


def tracked_links_or(asgi_app: Callable) -> Callable:
    """An ASGI app answering `GET`/`HEAD /s/<code>` itself, the rest on."""

    async def app(scope, receive, send):
        if scope["type"] == "http" and scope["method"] in SAFE_METHODS:
            path = scope["path"]
            root = scope.get("root_path", "")
            if root and path.startswith(root):
                path = path[len(root) :]
            match = TRACKED_PATH.fullmatch(path)
            if match is not None and await _answered(scope, send, match[1]):
                return None
        return await asgi_app(scope, receive, send)

    return app


async def _answered(scope: dict, send, code: str) -> bool:
    """Redirect and count; False (nothing sent) to leave the request to Django."""
    headers = _headers(scope)
    secure = _is_secure(scope, headers)
    if not _host_allowed(_host(headers)) or (
        settings.SECURE_SSL_REDIRECT and not secure
    ):
        return False
    try:
        target = await _target(code)
    except Exception:  # the database: Django answers (its 500 page, logged)
        logger.exception("Could not look up the tracked link %s", code)
        return False
    if target is None or target.url is None:
        return False
    user_agent = headers.get(b"user-agent", b"").decode("latin-1")
    counted = False
    bot = _is_bot(user_agent)
    metrics.redirect_counted(bot=bot)
    # Link previews fetch with HEAD or as a crawler: they get the redirect only.
    if bot:
        crawler = preview_to_note(target, user_agent)
        if crawler is not None:
            await db_call(preview_note, target, crawler)
    elif scope["method"] == "GET":
        counted = await _count(scope, headers, target, user_agent)
    await send(
        {
            "type": "http.response.start",
            "status": 302,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"location", iri_to_uri(target.url).encode("latin-1")),
                (b"cache-control", b"no-store"),
                (b"x-robots-tag", b"noindex"),
                *_response_headers(secure, _language(headers)),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b""})
    if counted and figures_refresh_worth_trying():
        try:
            await db_call(figures_refresh_if_due)
        except Exception:  # the visitor has the story; the next interval tries again
            logger.exception("Refreshing the figures after a click failed")
    return True


async def _target(code: str) -> LinkTarget | None:
    now = timezone.now()
    target = tracked_link_cached(code, now=now)
    if target is None:
        target = await db_call(tracked_link_resolve, code, now=now)
    return target


async def _count(scope: dict, headers: dict, target: LinkTarget, user_agent: str):
    try:
        await click_record_async(
            share_id=target.share_id,
            code=target.code,
            ip=_client_ip(scope),
            user_agent=user_agent,
        )
    except Exception:  # a lost count must never cost the visitor the story
        logger.exception("Could not record a click on %s", target.code)
        return False
    return True


# --- what Django reads from the request ---------------------------------------------
def _headers(scope: dict) -> dict[bytes, bytes]:
    """Request headers by (lower-case) name; repeated ones joined as Django does."""
    headers: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        if name in headers:
            glue = b"; " if name == b"cookie" else b","
            value = headers[name] + glue + value
        headers[name] = value
    return headers


def _meta_header(meta_name: str) -> bytes:
    """b"x-forwarded-for" for "HTTP_X_FORWARDED_FOR"."""
    return meta_name.removeprefix("HTTP_").lower().replace("_", "-").encode("latin-1")


def _client_ip(scope: dict) -> str:
    """`clicks.client_ip` of the request Django would build: REMOTE_ADDR is
    scope["client"], which uvicorn's --proxy-headers sets for trusted proxies."""
    client = scope.get("client")
    return client[0] if client else ""


def _is_secure(scope: dict, headers: dict) -> bool:
    """`HttpRequest.is_secure()`: SECURE_PROXY_SSL_HEADER, else the scheme."""
    if settings.SECURE_PROXY_SSL_HEADER:
        name, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = headers.get(_meta_header(name))
        if value is not None:
            return value.decode("latin-1").split(",")[0].strip() == secure_value
    return scope.get("scheme") == "https"


def _host(headers: dict) -> str:
    value = None
    if settings.USE_X_FORWARDED_HOST:
        value = headers.get(b"x-forwarded-host")
    if value is None:
        value = headers.get(b"host", b"")
    return value.decode("latin-1")


@lru_cache(maxsize=64)
def _host_allowed(host: str) -> bool:
    """`HttpRequest.get_host()` would accept it (ALLOWED_HOSTS)."""
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    domain, _port = split_domain_port(host)
    return bool(domain) and validate_host(domain, allowed)


def _language(headers: dict) -> str:
    """The language LocaleMiddleware would activate: the cookie, then the browser's."""
    cookie_name = settings.LANGUAGE_COOKIE_NAME
    cookie = headers.get(b"cookie", b"").decode("latin-1")
    chosen = ""
    if cookie_name in cookie:
        chosen = parse_cookie(cookie).get(cookie_name, "")
    accept = headers.get(b"accept-language", b"").decode("latin-1")
    return _language_of(chosen, accept)


@lru_cache(maxsize=256)
def _language_of(chosen: str, accept_language: str) -> str:
    request = HttpRequest()
    if chosen:
        request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = chosen
    if accept_language:
        request.META["HTTP_ACCEPT_LANGUAGE"] = accept_language
    return translation.get_language_from_request(request)


# --- what Django's middleware adds to the answer ------------------------------------
@lru_cache(maxsize=16)
def _response_headers(secure: bool, language: str) -> tuple[tuple[bytes, bytes], ...]:
    """The headers the site's middleware adds to the view's redirect, in its order:
    CSP, X-Frame-Options, Content-Length (CommonMiddleware), Vary and
    Content-Language (LocaleMiddleware), then SecurityMiddleware's."""
    request = HttpRequest()
    request.path = request.path_info = "/s/"
    request.is_secure = lambda: secure
    response = HttpResponseRedirect("/")
    response.headers.pop("Location")
    response.headers.pop("Content-Type")

    def unused(_request):
        return response

    SiteCSPMiddleware(unused).process_response(request, response)
    XFrameOptionsMiddleware(unused).process_response(request, response)
    response.headers["Content-Length"] = "0"
    response.headers["Vary"] = "Accept-Language"
    response.headers["Content-Language"] = language
    SecurityMiddleware(unused).process_response(request, response)
    return tuple(
        (name.lower().encode("latin-1"), value.encode("latin-1"))
        for name, value in response.items()
    )


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    _host_allowed.cache_clear()
    _language_of.cache_clear()
    _response_headers.cache_clear()
