"""Tracked links: `/s/<code>` → the story, with UTM parameters.

A link's target is always built from the story's own URL, never from anything in
the request, so `/s/<code>` cannot be turned into an open redirect.
"""

from __future__ import annotations

import logging
import re
import secrets
import string
import time
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.utils import timezone

from advocacy.guidelines.checks import TRACKED_LINK_CODE_LENGTH
from core.networks import preview_crawler

logger = logging.getLogger(__name__)

CODE_ALPHABET = string.ascii_letters + string.digits
CODE_RE = re.compile(rf"[A-Za-z0-9]{{{TRACKED_LINK_CODE_LENGTH}}}")
UTM_MEDIUM = "employee-advocacy"


# --- pure ------------------------------------------------------------------------
def link_code_new() -> str:
    """A random, URL-safe code (62^8 ≈ 2·10^14 possibilities)."""
    return "".join(
        secrets.choice(CODE_ALPHABET) for _ in range(TRACKED_LINK_CODE_LENGTH)
    )


def utm_url(url: str, *, source: str, campaign: str, medium: str = UTM_MEDIUM) -> str:
    """`url` with utm_source/medium/campaign set (replacing any already there)."""
    parts = urlsplit(url)
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key not in {"utm_source", "utm_medium", "utm_campaign"}
    ]
    query += [
        ("utm_source", source),
        ("utm_medium", medium),
        ("utm_campaign", campaign),
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))


# --- Django -----------------------------------------------------------------------
def tracked_link_url(code: str) -> str:
    """The public short link employees post."""
    return f"{settings.BOEGBEELD_SITE_URL.rstrip('/')}/s/{code}"


@dataclass(frozen=True)
class LinkTarget:
    share_id: int
    code: str
    network: str
    url: str | None  # None: the story is gone (unpublished, expired, deleted)
    expire_at: datetime | None = None  # the story's, re-checked on every use
    previewed: bool = False  # a network's preview crawler has fetched it

    def gone_at(self, now: datetime) -> bool:
        return self.url is None or (
            self.expire_at is not None and self.expire_at <= now
        )


# A redirect should cost no more than a trivial view: resolved links are kept
# in memory for a short while (BOEGBEELD_LINK_CACHE_SECONDS). Expiry is checked
# on every use; an unpublished story keeps redirecting for at most that long
# (and its page itself is gone at once).
_resolved: dict[str, tuple[float, LinkTarget]] = {}
_RESOLVED_MAX = 20_000


def tracked_link_cache_clear() -> None:
    _resolved.clear()


def tracked_link_resolve(
    code: str, *, now: datetime | None = None
) -> LinkTarget | None:
    """Where `/s/<code>` leads, or None when there is no such link."""
    if not CODE_RE.fullmatch(code or ""):
        return None
    now = now or timezone.now()
    target = tracked_link_cached(code, now=now)
    if target is not None:
        return target
    target = _resolve(code, now)
    if target is None:
        return None  # unknown codes are never cached: no memory to fill
    ttl = settings.BOEGBEELD_LINK_CACHE_SECONDS
    if ttl > 0:
        if len(_resolved) >= _RESOLVED_MAX:
            _resolved.clear()
        _resolved[code] = (time.monotonic() + ttl, target)
    return _as_of(target, now)


def tracked_link_cached(code: str, *, now: datetime) -> LinkTarget | None:
    """The resolved link from this process's memory, or None when it must be
    looked up (`tracked_link_resolve`). No I/O: safe on an event loop."""
    if settings.BOEGBEELD_LINK_CACHE_SECONDS <= 0:
        return None
    cached = _resolved.get(code)
    if cached is None or cached[0] <= time.monotonic():
        return None
    return _as_of(cached[1], now)


def _as_of(target: LinkTarget, now: datetime) -> LinkTarget:
    if target.url is not None and target.gone_at(now):
        return replace(target, url=None)
    return target


def _resolve(code: str, now: datetime) -> LinkTarget | None:
    from advocacy.sharing.models import Share

    share = (
        Share.objects.filter(code=code)
        .select_related("story", "story__campaign")
        .only(
            "pk",
            "code",
            "network",
            "story__live",
            "story__expire_at",
            "story__url_path",
            "story__slug",
            "story__campaign__slug",
            "preview_fetched_at",
        )
        .first()
    )
    if share is None:
        return None
    story = share.story
    previewed = share.preview_fetched_at is not None
    gone = LinkTarget(share.pk, share.code, share.network, None, previewed=previewed)
    if story is None or not story.live:
        return gone
    if story.expire_at is not None and story.expire_at <= now:
        return gone
    story_url = story.get_full_url()
    if not story_url:
        return gone
    campaign = story.campaign.slug if story.campaign else story.slug
    return LinkTarget(
        share.pk,
        share.code,
        share.network,
        utm_url(story_url, source=share.network, campaign=campaign),
        story.expire_at,
        previewed,
    )


def share_preview_fetched(
    *, target: LinkTarget, network: str, crawler: str, now: datetime | None = None
) -> bool:
    """Note that `network`'s crawler fetched this link's preview: the post reached
    the network. Only the first fetch is written (one UPDATE, and none at all once
    the resolved link remembers it); returns True when this was the first."""
    from advocacy.sharing.models import Share

    if target.previewed:
        return False
    first = bool(
        Share.objects.filter(
            pk=target.share_id, preview_fetched_at__isnull=True
        ).update(
            preview_fetched_at=now or timezone.now(),
            preview_network=network,
            preview_crawler=crawler[:40],
        )
    )
    cached = _resolved.get(target.code)
    if cached is not None:
        _resolved[target.code] = (cached[0], replace(cached[1], previewed=True))
    return first


def preview_to_note(target: LinkTarget, user_agent: str) -> tuple[str, str] | None:
    """(network, crawler) when this fetch is a network's preview crawler seeing the
    link for the first time, else None. No I/O."""
    if target.previewed:
        return None
    return preview_crawler(user_agent, network=target.network)


def preview_note(target: LinkTarget, crawler: tuple[str, str]) -> None:
    """`share_preview_fetched` for a crawler named by `preview_to_note`; a failure
    only logs (never cost the crawler its preview)."""
    try:
        share_preview_fetched(target=target, network=crawler[0], crawler=crawler[1])
    except Exception:
        logger.exception("Could not note the preview of %s", target.code)
