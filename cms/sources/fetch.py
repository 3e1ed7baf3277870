"""Fetching a URL from outside without letting it harm us.

Only http(s); every address a host name resolves to must be a public one (no
loopback, private, link-local or reserved network: a feed must not reach into the
company's own network), checked again after each redirect; at most a few
redirects, a time limit for the whole transfer and a size limit on what is read.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_REDIRECTS = 3
USER_AGENT = "Boegbeeld content sources (+https://github.com/boegbeeld)"


class FetchError(Exception):
    """Why a source could not be read, in words for the CMS."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False


def address_check(url: str) -> None:
    """Refuse anything but http(s) to a public address (or an allowed one)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError(_("Only http and https addresses can be read."))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if f"{parts.hostname}:{port}" in settings.BOEGBEELD_SOURCES_PRIVATE_ALLOWED:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise FetchError(
            _("The host %(host)s could not be found.") % {"host": parts.hostname}
        ) from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise FetchError(
                _("%(host)s is an address inside a private network: refused.")
                % {"host": parts.hostname}
            )


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    max_bytes: int | None = None,
    accept: str = "*/*",
) -> Fetched:
    """GET `url` within the limits above, or raise FetchError."""
    max_bytes = max_bytes or settings.BOEGBEELD_SOURCES_MAX_BYTES
    timeout = settings.BOEGBEELD_SOURCES_TIMEOUT_SECONDS
    headers = {"User-Agent": USER_AGENT, "Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + timeout
    for _hop in range(MAX_REDIRECTS + 1):
        address_check(url)
        try:
            response = requests.get(
                url,
                headers=headers,
                stream=True,
                allow_redirects=False,
                timeout=(min(5, timeout), timeout),
            )
        except requests.Timeout as exc:
            raise FetchError(_("The server did not answer in time.")) from exc
        except requests.RequestException as exc:
            raise FetchError(_("The server could not be reached.")) from exc
        with response:
            if response.is_redirect:
                url = urljoin(url, response.headers.get("Location", ""))
                continue
            if response.status_code == 304:
                return Fetched(url, b"", "", etag, last_modified, not_modified=True)
            if response.status_code != 200:
                raise FetchError(
                    _("The server answered with HTTP %(status)s.")
                    % {"status": response.status_code}
                )
            content = _read(response, max_bytes, deadline)
            return Fetched(
                url=url,
                content=content,
                content_type=response.headers.get("Content-Type", ""),
                etag=response.headers.get("ETag", "")[:300],
                last_modified=response.headers.get("Last-Modified", "")[:100],
            )
    raise FetchError(_("Too many redirects."))


def _read(response: requests.Response, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    too_large = FetchError(
        _("The answer is larger than %(max)s.") % {"max": filesizeformat(max_bytes)}
    )
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    chunks, size = [], 0
    try:
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise too_large
            if time.monotonic() > deadline:
                raise FetchError(_("The server did not answer in time."))
            chunks.append(chunk)
    except requests.RequestException as exc:
        raise FetchError(_("The server did not answer in time.")) from exc
    return b"".join(chunks)
