"""Checking content sources: new feed entries become draft stories in review.

`content_source_check` is the one writer. Each entry is imported in its own
transaction (page, picture and the record that it was imported), so a failure
halfway leaves nothing of that entry behind and the next check tries it again.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.images import get_image_model

from cms.models import ContentSource, ImportedEntry, StoryIndexPage, StoryPage
from cms.sources.feeds import Entry, feed_entries
from cms.sources.fetch import FetchError, fetch
from cms.sources.sitemaps import page_entry, sitemap_locations
from core.images import image_validate_and_clean
from core.sanitize import plain_text, sanitize_html

logger = logging.getLogger(__name__)

FEED_TYPES = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1"
)
INTRO_CHARS = 280


def _known(source: ContentSource, entry: Entry) -> bool:
    seen = Q(source=source, guid=entry.guid)
    if entry.link:
        seen |= Q(url=entry.link)
    return ImportedEntry.objects.filter(seen).exists() or bool(
        entry.link and StoryPage.objects.filter(source_url=entry.link).exists()
    )


def _image(entry: Entry, title: str):
    """The entry's picture, downloaded and checked like an upload; None if unusable."""
    if not entry.image_url:
        return None
    try:
        fetched = fetch(
            entry.image_url,
            max_bytes=settings.BOEGBEELD_SUGGESTION_IMAGE_MAX_BYTES,
            accept="image/*",
        )
        clean = image_validate_and_clean(
            SimpleUploadedFile("feed-image", fetched.content), prefix="feed"
        )
    except Exception as exc:  # noqa: BLE001 - a story without its picture is fine
        logger.info("Feed image %s not used: %s", entry.image_url, exc)
        return None
    image = get_image_model()(title=title[:255])
    image.file = ImageFile(
        SimpleUploadedFile(clean.name, clean.content), name=clean.name
    )
    image.save()
    return image


MAX_CHILD_SITEMAPS = 3


def _sitemap_entries(source: ContentSource, content: bytes) -> tuple[list[Entry], int]:
    """The entries of a sitemap's pages not imported yet (a few pages per check)."""
    pages, children = sitemap_locations(content)
    for child in children[:MAX_CHILD_SITEMAPS]:
        pages += sitemap_locations(fetch(child, accept="application/xml").content)[0]
    known = set(
        ImportedEntry.objects.filter(Q(source=source) | Q(url__in=pages)).values_list(
            "url", flat=True
        )
    )
    entries = []
    for url in pages:
        if url in known:
            continue
        if len(entries) >= settings.BOEGBEELD_SOURCES_PAGES_PER_CHECK:
            break
        try:
            page = fetch(url, accept="text/html")
        except FetchError as exc:
            logger.info("Sitemap page %s not read: %s", url, exc)
            continue
        entry = page_entry(page.content, url=url)
        if entry is not None:
            entries.append(entry)
    return entries, len(pages)


def _story_index() -> StoryIndexPage:
    index = StoryIndexPage.objects.order_by("path").first()
    if index is None:
        raise FetchError(
            _("There is no story index page to put imported stories under.")
        )
    return index


@transaction.atomic
def _import(source: ContentSource, entry: Entry, index: StoryIndexPage) -> StoryPage:
    body_html = sanitize_html(entry.summary_html)
    intro = Truncator(plain_text(entry.summary_html)).chars(INTRO_CHARS)
    page = StoryPage(
        title=entry.title,
        slug=find_available_slug(index, slugify(entry.title)[:50] or "story"),
        intro=intro,
        body=[("paragraph", body_html)] if body_html else [],
        language=entry.language or source.language or settings.LANGUAGE_CODE,
        source_url=entry.link,
        hero_image=_image(entry, entry.title),
        live=False,
    )
    page.audience_departments = list(source.audience_departments.all())
    page.audience_locations = list(source.audience_locations.all())
    for name in source.topic_names():
        page.topics.add(name)
    index.add_child(instance=page)
    page.save_revision(log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, None)
    ImportedEntry.objects.create(
        source=source, guid=entry.guid, url=entry.link, page=page
    )
    return page


def content_source_check(source: ContentSource) -> str:
    """Fetch one source and import what is new; the outcome is kept on the source."""
    now = timezone.now()
    imported = 0
    try:
        fetched = fetch(
            source.url,
            etag=source.etag,
            last_modified=source.last_modified,
            accept=FEED_TYPES,
        )
        if fetched.not_modified:
            result = _("Not changed since the last check.")
        else:
            if source.kind == ContentSource.Kind.SITEMAP:
                entries, total = _sitemap_entries(source, fetched.content)
            else:
                entries = feed_entries(fetched.content, url=fetched.url)
                total = len(entries)
            index = _story_index()
            for entry in entries[: settings.BOEGBEELD_SOURCES_ENTRIES_PER_CHECK]:
                if not _known(source, entry):
                    _import(source, entry, index)
                    imported += 1
            source.etag, source.last_modified = fetched.etag, fetched.last_modified
            result = _("%(n)s new stories, %(total)s entries in the feed.") % {
                "n": imported,
                "total": total,
            }
        source.failing = False
    except FetchError as exc:
        result = str(exc)
        source.failing = True
    source.last_checked_at = now
    source.last_result = result[:500]
    if imported:
        source.last_imported_at = now
    ContentSource.objects.filter(pk=source.pk).update(
        etag=source.etag,
        last_modified=source.last_modified,
        last_checked_at=now,
        last_result=source.last_result,
        failing=source.failing,
        last_imported_at=source.last_imported_at,
        imported_count=F("imported_count") + imported,
    )
    return result


def content_sources_check_due() -> int:
    """The worker's job: check every source whose interval has passed."""
    now = timezone.now()
    checked = 0
    for source in ContentSource.objects.filter(enabled=True):
        if source.is_due(now):
            content_source_check(source)
            checked += 1
    return checked
