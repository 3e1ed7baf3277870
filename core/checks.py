"""System checks of the settings every app relies on.

`BOEGBEELD_SITE_URL` is the address in every tracked link, redirect, preview and
mail. Left at a loopback address (or unset) in production, every shared link is
dead, and nobody notices until the clicks stay at zero. So with DEBUG off it is an
error of `manage.py check --deploy`, and the servers refuse to start on it
(`site_url_refuse_if_wrong`, called by the ASGI/WSGI entry points and the worker).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

SITE_URL_CHECK_ID = "boegbeeld.E001"
METRICS_HASH_CHECK_ID = "boegbeeld.E002"
METRICS_SHORT_CHECK_ID = "boegbeeld.W001"
METRICS_TOKEN_MIN_LENGTH = 24
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def _is_loopback(host: str) -> bool:
    host = host.lower().rstrip(".")
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def site_url_problem(url: str) -> str | None:
    """What is wrong with `url` as the public address of the site, or None."""
    if not url:
        return "BOEGBEELD_SITE_URL is not set"
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return f"BOEGBEELD_SITE_URL={url!r} is not an http(s) URL"
    if _is_loopback(parts.hostname):
        return f"BOEGBEELD_SITE_URL={url!r} points at this machine ({parts.hostname})"
    return None


def _site_url_message() -> str | None:
    if settings.DEBUG:
        return None
    problem = site_url_problem(settings.BOEGBEELD_SITE_URL)
    if problem is None:
        return None
    return (
        f"{problem}: links in shares, redirects, previews and mails would not work. "
        "Set BOEGBEELD_SITE_URL to the public address of the site, "
        "e.g. https://boegbeeld.example.com."
    )


@register(Tags.security, deploy=True)
def check_site_url(app_configs=None, **kwargs) -> list[Error]:
    message = _site_url_message()
    return [Error(message, id=SITE_URL_CHECK_ID)] if message else []


def site_url_refuse_if_wrong() -> None:
    """Stop a production process from starting with a site URL that breaks links."""
    message = _site_url_message()
    if message:
        raise ImproperlyConfigured(message)


@register(Tags.security, deploy=True)
def check_metrics_token(app_configs=None, **kwargs) -> list[Error | Warning]:
    """A malformed hash locks every scraper out; a short token is guessable."""
    token = settings.BOEGBEELD_METRICS_TOKEN
    if not token:
        return []
    if token.startswith("sha256:"):
        digest = token.removeprefix("sha256:").strip().lower()
        if len(digest) == 64 and all(c in "0123456789abcdef" for c in digest):
            return []
        message = "BOEGBEELD_METRICS_TOKEN: after sha256: come 64 hex digits."
        return [Error(message, id=METRICS_HASH_CHECK_ID)]
    if len(token) < METRICS_TOKEN_MIN_LENGTH:
        message = (
            f"BOEGBEELD_METRICS_TOKEN is shorter than {METRICS_TOKEN_MIN_LENGTH} "
            "characters: use a long random one (python -c 'import secrets; "
            "print(secrets.token_urlsafe(32))')."
        )
        return [Warning(message, id=METRICS_SHORT_CHECK_ID)]
    return []
