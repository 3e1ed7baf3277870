"""URLs, hashtags, mentions and leftover template placeholders.

The URL finder is shared with length counting (X and Mastodon count every link
as 23 characters). It avoids a scan-every-position regex: scheme URLs are found
by their literal "http" prefix and bare domains by their ".tld" suffix, after
which the domain is widened to the left with a tiny loop.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from .types import Hit

_SCHEME_URL = re.compile(r"https?://[^\s<>\"'`]+")
_TLDS = frozenset(
    "com nl org net io eu be de co uk fr es it ch at dk se no fi pl app dev ai "
    "info biz me tv ly gl to xyz tech online shop nu jobs news social gov edu".split()
)
# Literal "." first so the regex engine skips through the text at memory speed;
# the TLD itself is checked against the set in Python.
_BARE_TLD = re.compile(r"\.([A-Za-z]{2,6})(?![\w-])")
_URL_TAIL = re.compile(r"(?::\d{1,5})?(?:[/?#][^\s<>\"'`]*)?")
_DOMAIN_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-."
)
_TRAILING_PUNCT = ".,;:!?'\"”’)]}"


def _trim(text: str, start: int, end: int) -> int:
    """Drop sentence punctuation glued to the end of a URL (keep balanced ')')."""
    while end > start and text[end - 1] in _TRAILING_PUNCT:
        if text[end - 1] == ")" and text.count("(", start, end) >= text.count(
            ")", start, end
        ):
            break
        end -= 1
    return end


def find_urls(text: str) -> list[tuple[int, int]]:
    """Return sorted (start, end) spans of links, with or without a scheme."""
    spans: list[tuple[int, int]] = []
    if "://" in text:
        for m in _SCHEME_URL.finditer(text):
            spans.append((m.start(), _trim(text, m.start(), m.end())))
    covered_until = -1
    scheme_spans = list(spans)
    for m in _BARE_TLD.finditer(text):
        if m.group(1).lower() not in _TLDS:
            continue
        if m.start() < covered_until or any(
            s <= m.start() < e for s, e in scheme_spans
        ):
            continue
        start = m.start()
        while start > 0 and text[start - 1] in _DOMAIN_CHARS:
            start -= 1
        while start < m.start() and text[start] in ".-":
            start += 1
        if start == m.start() or (start > 0 and text[start - 1] in "@/"):
            continue
        tail = _URL_TAIL.match(text, m.end())
        end = _trim(text, start, tail.end() if tail else m.end())
        spans.append((start, end))
        covered_until = end
    spans.sort()
    return spans


def url_host(url: str) -> str:
    """Lower-cased host of a URL, with or without a scheme."""
    if "://" not in url:
        url = "http://" + url
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def host_allowed(host: str, allowed: Sequence[str]) -> bool:
    """True when host equals an allowed domain or is one of its subdomains."""
    return any(host == d or host.endswith("." + d) for d in allowed)


def unapproved_links(
    text: str, urls: list[tuple[int, int]], allowed: Sequence[str]
) -> list[Hit]:
    """Links.Unapproved hits for every link outside the approved domains."""
    hits = []
    for start, end in urls:
        host = url_host(text[start:end])
        if host and not host_allowed(host, allowed):
            hits.append(Hit("Links.Unapproved", start, end, {"host": host}))
    return hits


_HASHTAG = re.compile(r"#(\w+)")
_MENTION = re.compile(r"@(\w+)((?:@[\w-]+(?:\.[\w-]+)+)?)")


def find_hashtags(text: str) -> list[tuple[int, int]]:
    """Spans of #hashtags (must contain a letter; not HTML entities like &#39;)."""
    if "#" not in text:
        return []
    out = []
    for m in _HASHTAG.finditer(text):
        s = m.start()
        if s and (text[s - 1].isalnum() or text[s - 1] in "&#"):
            continue
        if not m.group(1).isdigit():
            out.append((s, m.end()))
    return out


def find_mentions(text: str) -> list[re.Match[str]]:
    """@mentions, including Mastodon-style @user@domain; e-mail addresses excluded."""
    if "@" not in text:
        return []
    out = []
    for m in _MENTION.finditer(text):
        s = m.start()
        if s and (text[s - 1].isalnum() or text[s - 1] in "._-@"):
            continue
        out.append(m)
    return out


_PLACEHOLDER_WORDS = (
    "naam|voornaam|achternaam|name|first name|last name|your name|jouw naam|"
    "bedrijf|company|datum|date|link|url|functie|job title|titel|title|plaats|"
    "city|locatie|location|bedrag|amount|aantal|nummer|number|e-?mail|telefoon|"
    "phone|product|klant|client"
)
_TEMPLATE = re.compile(
    r"\{\{?\s*[A-Za-z_][\w .-]{0,40}\}\}?"
    r"|\[(?:\.\.\.|…|(?:insert|vul in|todo|tbd)\b[^\]\n]{0,60}"
    rf"|{_PLACEHOLDER_WORDS})\](?!\()"
    r"|<<[^<>\n]{1,60}>>"
    r"|(?<![\w])XXX+(?![\w])",
    re.IGNORECASE,
)
_TEMPLATE_CHARS = ("{", "[", "<<", "XXX")


def template_leftovers(text: str) -> list[Hit]:
    """Template.Leftover: placeholders the employee forgot to fill in."""
    if not any(c in text for c in _TEMPLATE_CHARS):
        return []
    hits = []
    for m in _TEMPLATE.finditer(text):
        if m.group().lower().startswith("xxx") and not m.group().isupper():
            continue  # "xxx" in lower case is kisses, not a placeholder
        hits.append(Hit("Template.Leftover", m.start(), m.end()))
    return hits
