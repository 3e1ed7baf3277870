"""Reads about a story's language versions (stories sharing Wagtail's
`translation_key`): which stories have any, and which a reader is offered."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count

from cms.models.stories import StoryPage
from cms.selectors import (
    FILTER_CHOICES_TIMEOUT,
    Audience,
    library_version,
    live_stories,
    visible_stories,
)


def linked_translation_keys() -> frozenset[str]:
    """The `translation_key`s more than one live story shares (stories with
    versions in other languages), cached like the filter choices: most stories
    have one version, and their cards and pages then need no query to say so."""
    key = f"cms:linked-keys:{library_version()}"
    keys = cache.get(key)
    if keys is None:
        shared = (
            live_stories()
            .order_by()
            .values("translation_key")
            .annotate(versions=Count("pk"))
            .filter(versions__gt=1)
            .values_list("translation_key", flat=True)
        )
        keys = frozenset(str(k) for k in shared)
        cache.set(key, keys, timeout=FILTER_CHOICES_TIMEOUT)
    return keys


def other_versions_for_cards(
    stories: list[StoryPage], audience: Audience
) -> dict[str, list[StoryPage]]:
    """Per `translation_key` of `stories`: its other versions `audience` sees.

    At most one query for a page of cards, so each card can offer its other
    languages; none when no story on the page has versions.
    """
    linked = linked_translation_keys()
    keys = {s.translation_key for s in stories if str(s.translation_key) in linked}
    if not keys:
        return {}
    shown = [story.pk for story in stories]
    versions: dict[str, list[StoryPage]] = {}
    others = (
        visible_stories(audience)
        .filter(translation_key__in=keys)
        .exclude(pk__in=shown)
        .only("pk", "title", "url_path", "language", "translation_key")
        .order_by("language")
    )
    for version in others:
        versions.setdefault(str(version.translation_key), []).append(version)
    return versions


def story_other_versions(story: StoryPage) -> list[StoryPage]:
    """The story's live versions in other languages (a story page is public, so
    any live version may be linked); no query for a story without versions."""
    if str(story.translation_key) not in linked_translation_keys():
        return []
    return list(
        live_stories()
        .filter(translation_key=story.translation_key)
        .exclude(pk=story.pk)
        .defer_streamfields()
        .order_by("language")
    )


LINK_CHOICES = 300  # the most recently edited stories offered to link as a version


def version_link_candidates(
    *, exclude: list[int], languages: set[str]
) -> list[StoryPage]:
    """Stories comms may link as a version: not in the group, in another language."""
    return list(
        StoryPage.objects.exclude(pk__in=exclude)
        .exclude(language__in=languages)
        .defer_streamfields()
        .order_by("-latest_revision_created_at", "-pk")[:LINK_CHOICES]
    )
