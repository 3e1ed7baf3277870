"""Reading an RSS or Atom feed that was fetched (feedparser never fetches here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser
from django.conf import settings
from django.utils.translation import gettext as _

from cms.sources.fetch import FetchError

# Entity declarations are how "billion laughs" and external-entity attacks start;
# no real news feed needs them.
ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)[\s>]", re.I | re.S
)
IMG_SRC = re.compile(r"""<img[^>]+src=["']([^"']+)["']""", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    guid: str
    title: str
    summary_html: str
    link: str
    image_url: str
    language: str


def language_code(code: str) -> str:
    base = (code or "").split("-")[0].lower()
    return base if base in {c for c, _name in settings.LANGUAGES} else ""


def _image(entry, base: str) -> str:
    for media in entry.get("media_content", []) + entry.get("media_thumbnail", []):
        if media.get("url") and media.get("medium", "image") == "image":
            return urljoin(base, media["url"])
    for link in entry.get("links", []):
        if link.get("rel") == "enclosure" and link.get("type", "").startswith("image/"):
            return urljoin(base, link.get("href", ""))
    for content in [*entry.get("content", []), {"value": entry.get("summary", "")}]:
        found = IMG_SRC.search(content.get("value", ""))
        if found:
            return urljoin(base, found.group(1))
    return ""


def feed_entries(content: bytes, *, url: str) -> list[Entry]:
    """The feed's entries, newest first as the feed lists them; or FetchError."""
    if ENTITY_DECLARATION.search(content[:65536]):
        raise FetchError(_("The feed declares XML entities, which are not accepted."))
    if HTML_START.match(content[:4096]):
        raise FetchError(
            _("This address gives a web page (HTML), not an RSS or Atom feed.")
        )
    parsed = feedparser.parse(content, response_headers={"content-location": url})
    if not parsed.get("version") or (parsed.bozo and not parsed.entries):
        raise FetchError(_("This is not an RSS or Atom feed."))
    feed_language = language_code(parsed.feed.get("language", ""))
    feed_link = parsed.feed.get("link") or url
    entries = []
    for item in parsed.entries:
        link = urljoin(feed_link, item.get("link", ""))
        guid = (item.get("id") or link or item.get("title", ""))[:500]
        title = " ".join((item.get("title") or "").split())[:255]
        if not guid or not title:
            continue
        contents = item.get("content") or []
        summary = contents[0].get("value", "") if contents else item.get("summary", "")
        entries.append(
            Entry(
                guid=guid,
                title=title,
                summary_html=summary,
                link=link if link.startswith(("http://", "https://")) else "",
                image_url=_image(item, link or feed_link),
                language=language_code(item.get("language", "")) or feed_language,
            )
        )
    return entries
