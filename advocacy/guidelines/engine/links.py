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

# Directional marks and the characters X refuses end a link (twitter-text does
# the same), so "\u2066http://a.nl/\u2069" is a link wrapped in two marks.
_NOT_IN_URL = "\\s<>\"'`\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff"
_SCHEME_URL = re.compile(f"https?://[^{_NOT_IN_URL}]+")
_URL_TAIL = re.compile(f"(?::\\d{{1,5}})?(?:[/?#][^{_NOT_IN_URL}]*)?")
_MAX_LABEL = 63  # DNS: a label (between dots) is at most 63 ASCII characters
_TLDS = frozenset(
    "com nl org net io eu be de co uk fr es it ch at dk se no fi pl app dev ai "
    "info biz me tv ly gl to xyz tech online shop nu jobs news social gov edu".split()
)
# Literal "." first so the regex engine skips through the text at memory speed;
# the TLD itself is checked against the set in Python.
_BARE_TLD = re.compile(r"\.([A-Za-z]{2,6})(?![\w-])")
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


def _label_ok(label: str) -> bool:
    """A DNS label: 1 to 63 characters, counted in punycode when not ASCII."""
    if label.isascii():
        return 0 < len(label) <= _MAX_LABEL
    try:
        ascii_form = "xn--" + label.lower().encode("punycode").decode("ascii")
    except UnicodeError:
        return False
    return len(ascii_form) <= _MAX_LABEL


def _host_ok(url: str) -> bool:
    """False when the host has a label no DNS name can have (X then counts text)."""
    authority = url.split("://", 1)[-1]
    for stop in "/?#":
        authority = authority.split(stop, 1)[0]
    host = authority.rpartition("@")[2]
    if host.startswith("["):
        return True  # an IPv6 literal
    host = host.split(":", 1)[0].rstrip(".")
    return all(_label_ok(label) for label in host.split("."))


def find_urls(text: str, *, require_scheme: bool = False) -> list[tuple[int, int]]:
    """Return sorted (start, end) spans of links, with or without a scheme.

    With `require_scheme` only links written with http(s):// count (Mastodon).
    As on X, a link whose host has a label over 63 characters (in punycode for
    an internationalised one) is no link: it is counted as the text it is.
    """
    spans: list[tuple[int, int]] = []
    scheme_spans: list[tuple[int, int]] = []
    if "://" in text:
        for m in _SCHEME_URL.finditer(text):
            span = (m.start(), _trim(text, m.start(), m.end()))
            scheme_spans.append(span)
            if _host_ok(text[span[0] : span[1]]):
                spans.append(span)
    if require_scheme:
        return spans
    covered_until = -1
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
        if not all(_label_ok(label) for label in text[start : m.end()].split(".")):
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
