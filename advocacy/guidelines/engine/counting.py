"""Post length, counted the way each network counts it.

Every network has its own idea of a "character": X weighs code points and
emoji (twitter-text v3), Bluesky counts graphemes *and* UTF-8 bytes, Mastodon
counts graphemes with links at a fixed 23 and remote mentions as local ones.
Getting this right is what lets the editor show the same number the network
will show, instead of a post failing after the employee presses share.
"""

from __future__ import annotations

import re
import unicodedata

from core import networks

from .graphemes import count_graphemes, iter_clusters
from .links import find_mentions, find_urls

X_URL_LENGTH = 23


# twitter-text v3: these code point ranges weigh 1, everything else 2.
_X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


class _HeavyTable(dict):
    """Translate table deleting characters X weighs 1; the rest weigh 2."""

    def __missing__(self, code: int) -> int | None:
        value = None if any(lo <= code <= hi for lo, hi in _X_LIGHT) else code
        self[code] = value
        return value


_HEAVY = _HeavyTable()

_EMOJI_BASE = (
    "\U0001f000-\U0001faff\u2190-\u21ff\u2300-\u23ff\u2460-\u24ff"
    "\u25a0-\u27bf\u2900-\u297f\u2b00-\u2bff\u3030\u303d\u3297\u3299"
)
_EMOJI_MODS = "\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
_EMOJI_SEQ = re.compile(
    "[\U0001f1e6-\U0001f1ff]{2}"
    "|[0-9#*]\ufe0f?\u20e3"
    f"|(?:[\u00a9\u00ae\u203c\u2049\u2122\u2139]\ufe0f|[{_EMOJI_BASE}])[{_EMOJI_MODS}]*"
    f"(?:\u200d[^\\s\u200d][{_EMOJI_MODS}]*)*"
)


def _strip_urls(text: str, urls: list[tuple[int, int]]) -> str:
    pieces, pos = [], 0
    for start, end in urls:
        pieces.append(text[pos:start])
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def x_weighted_length(text: str) -> int:
    """twitter-text v3 weighted length (NFC, URLs = 23, one emoji = 2)."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    urls = find_urls(text)
    if urls:
        total += X_URL_LENGTH * len(urls)
        text = _strip_urls(text, urls)
    if text.isascii():
        return total + len(text)
    rest, n_emoji = _EMOJI_SEQ.subn("", text)
    return total + 2 * n_emoji + len(rest) + len(rest.translate(_HEAVY))


def _mastodon_length(text: str, url_length: int) -> int:
    urls = find_urls(text, require_scheme=True)  # Mastodon needs the http(s)://
    total = url_length * len(urls)
    if urls:
        text = _strip_urls(text, urls)
    remote = [m for m in find_mentions(text) if m.group(2)]
    if remote:
        total -= sum(len(m.group(2)) for m in remote)
    return total + count_graphemes(text)


def raw_length(text: str, network: str, *, mastodon_url_length: int = 23) -> int:
    """Length of `text` in the unit `network` limits (without appended link)."""
    rule = networks.get(network).counting
    if rule == networks.COUNT_X_WEIGHTED:
        return x_weighted_length(text)
    if rule == networks.COUNT_GRAPHEMES:
        return count_graphemes(text)
    if rule == networks.COUNT_MASTODON:
        return _mastodon_length(text, mastodon_url_length)
    if rule == networks.COUNT_CHARACTERS:
        return len(text)
    raise ValueError(f"no counting rule {rule!r} for {network!r}")


def with_appended(text: str, appended_url: str | None) -> str:
    """The text as it will be posted: the tracked link follows after a space."""
    if not appended_url:
        return text
    return f"{text} {appended_url}" if text else appended_url


def network_limit(network: str, *, mastodon_limit: int = 500) -> int:
    """The length limit for `network` (Mastodon depends on the instance)."""
    net = networks.get(network)
    return mastodon_limit if net.counting == networks.COUNT_MASTODON else net.limit


def count_for_network(
    text: str,
    network: str,
    *,
    appended_url: str | None = None,
    mastodon_limit: int = 500,
    mastodon_url_length: int = 23,
) -> tuple[int, int]:
    """Return (used, limit) for `text` on `network`, including the appended link.

    Some networks also cap the size in bytes; `bytes_over` checks that one.
    """
    limit = network_limit(network, mastodon_limit=mastodon_limit)
    full = with_appended(text, appended_url)
    return raw_length(full, network, mastodon_url_length=mastodon_url_length), limit


def bytes_over(text: str, network: str, appended_url: str | None = None) -> int:
    """UTF-8 size of the post if it exceeds the network's byte cap, else 0."""
    cap = networks.get(network).max_bytes
    if cap is None:
        return 0
    size = len(with_appended(text, appended_url).encode("utf-8"))
    return size if size > cap else 0


def overflow_start(
    text: str,
    network: str,
    limit: int,
    *,
    appended_url: str | None = None,
    mastodon_url_length: int = 23,
    max_bytes: int | None = None,
) -> int:
    """Offset in `text` where the post stops fitting (binary search on prefixes).

    Only called once a post is already known to be too long, so it may be slow.
    The result is snapped to a grapheme boundary so an emoji is never split.
    """

    def fits(i: int) -> bool:
        full = with_appended(text[:i], appended_url)
        if max_bytes is not None:
            return len(full.encode("utf-8")) <= max_bytes
        return (
            raw_length(full, network, mastodon_url_length=mastodon_url_length) <= limit
        )

    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid - 1
    for start, end in find_urls(text):
        if start < lo < end:
            lo = start  # never cut a link in half
    if 0 < lo < len(text) and not text.isascii():
        starts = [s for s, _ in iter_clusters(text) if s <= lo]
        lo = starts[-1] if starts else lo
    return lo
