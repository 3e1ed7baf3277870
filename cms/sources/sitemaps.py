"""Reading a sitemap, and the pages it lists, as entries to import.

A sitemap lists addresses only: each new page is fetched (within the same limits
as a feed) and its title, summary, picture and language are read from the page's
own metadata (Open Graph, then <title> and the meta description).
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser
from urllib.parse import urljoin

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

from cms.sources.feeds import ENTITY_DECLARATION, HTML_START, Entry, language_code
from cms.sources.fetch import FetchError

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_locations(content: bytes) -> tuple[list[str], list[str]]:
    """(page addresses newest first, child sitemaps of an index); or FetchError."""
    if ENTITY_DECLARATION.search(content[:65536]):
        raise FetchError(_("The feed declares XML entities, which are not accepted."))
    if HTML_START.match(content[:4096]):
        raise FetchError(_("This address gives a web page (HTML), not a sitemap."))
    try:
        root = ElementTree.fromstring(content)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise FetchError(_("This is not a sitemap.")) from exc
    entries = []
    for item in root.iter(f"{NS}url"):
        loc = (item.findtext(f"{NS}loc") or "").strip()
        if loc.startswith(("http://", "https://")):
            entries.append(((item.findtext(f"{NS}lastmod") or "").strip(), loc))
    children = [
        (item.findtext(f"{NS}loc") or "").strip() for item in root.iter(f"{NS}sitemap")
    ]
    if root.tag not in {f"{NS}urlset", f"{NS}sitemapindex"}:
        raise FetchError(_("This is not a sitemap."))
    entries.sort(reverse=True)  # newest first where lastmod is given
    return [loc for _lastmod, loc in entries], [c for c in children if c]


class _PageMeta(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.language = ""
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.language = values.get("lang", "")
        elif tag == "meta":
            key = values.get("property") or values.get("name") or ""
            if key and key.lower() not in self.meta:
                self.meta[key.lower()] = values.get("content", "")
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def page_entry(content: bytes, *, url: str) -> Entry | None:
    """The entry a web page makes (None without a title)."""
    parser = _PageMeta()
    parser.feed(content[:2_000_000].decode("utf-8", errors="replace"))
    meta = parser.meta
    title = " ".join((meta.get("og:title") or parser.title).split())[:255]
    if not title:
        return None
    summary = meta.get("og:description") or meta.get("description") or ""
    image = meta.get("og:image") or ""
    return Entry(
        guid=url,
        title=title,
        summary_html=f"<p>{escape(summary)}</p>" if summary else "",
        link=url,
        image_url=urljoin(url, image) if image else "",
        language=language_code(parser.language),
    )
