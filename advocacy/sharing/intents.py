"""Share intents: the URL that opens a network's own "new post" screen, pre-filled.

Plain Python, no Django. Sharing through intents means Boegbeeld never holds a
social login token for anyone: the employee posts from their own account, in
their own browser or app. Everything is percent-encoded with `quote(safe="")`
so emoji, `&`, `#` and newlines arrive as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from core import networks

# These intents take only a URL: the text goes to the clipboard first.
URL_ONLY = frozenset(n.code for n in networks.NETWORKS if n.url_only)
# No web intent at all: copy the text and link, then paste in the app.
COPY_ONLY = frozenset(n.code for n in networks.NETWORKS if n.copy_only)

_HOST = re.compile(
    r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?$"
)


def q(value: str) -> str:
    return quote(value, safe="")


def mastodon_host(instance: str) -> str | None:
    """The host of a Mastodon server as people type it, or None if it is not one.

    Accepts "mastodon.social", "https://mastodon.social/", "@me@mastodon.social".
    Anything with a path, credentials or odd characters is refused, so the intent
    can only ever point at a plain https://<host>/share.
    """
    value = (instance or "").strip().lower()
    if not value:
        return None
    if value.startswith("@") or (value.count("@") == 1 and "://" not in value):
        value = value.rsplit("@", 1)[-1]
    if "://" in value:
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or parts.username or parts.password:
            return None
        if parts.path not in {"", "/"} or parts.query or parts.fragment:
            return None
        value = parts.netloc
    value = value.rstrip("/")
    return value if _HOST.match(value) else None


def post_text(text: str, link: str) -> str:
    """The post as it is published: the employee's text, then the tracked link."""
    text = text.rstrip()
    return f"{text}\n\n{link}" if text else link


@dataclass(frozen=True)
class Intent:
    network: str
    url: str | None  # None: nothing to open (copy only, or something is missing)
    copy_first: bool  # the network will not take the text: copy it to paste
    missing: str | None = None  # e.g. "mastodon_instance"


def share_intent(
    network: str,
    *,
    text: str,
    link: str,
    subject: str = "",
    mastodon_instance: str = "",
) -> Intent:
    """Where to send the employee to post `text` with `link` on `network`."""
    try:
        net = networks.get(network)
    except ValueError:
        raise ValueError(f"unknown network {network!r}") from None
    if net.copy_only:
        return Intent(network, None, copy_first=True)
    host = ""
    if net.needs_server:
        host = mastodon_host(mastodon_instance) or ""
        if not host:
            return Intent(network, None, copy_first=False, missing="mastodon_instance")
    url = net.intent.format(
        text=q(text.rstrip()),
        link=q(link),
        post=q(post_text(text, link)),
        subject=q(subject),
        host=host,
    )
    return Intent(network, url, copy_first=net.url_only)
