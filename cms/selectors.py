"""Reads for the story library: which stories an employee gets to see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import Case, IntegerField, Min, Prefetch, Q, Value, When
from django.db.models.query import QuerySet
from django.utils import timezone
from taggit.models import Tag
from wagtail.images import get_image_model

from accounts.models import Profile
from cms.models.campaigns import Campaign
from cms.models.stories import CARD_IMAGE_SPEC, ShareText, StoryPage, StoryTag


@dataclass(frozen=True)
class Audience:
    """Where an employee sits in the organisation; what targeting looks at."""

    department_id: int | None = None
    location_id: int | None = None


def audience_for_user(user) -> Audience:
    """The user's department and location, from their profile.

    Reads `user.profile` (not a narrower query) so templates that show the
    profile's display name afterwards reuse the cached row.
    """
    if not getattr(user, "is_authenticated", False):
        return Audience()
    try:
        profile = user.profile
    except Profile.DoesNotExist:
        return Audience()
    return Audience(
        department_id=profile.department_id, location_id=profile.location_id
    )


def _audience_q(audience: Audience) -> Q:
    """Stories targeted at `audience`.

    A story with no departments and no locations is for everyone. Otherwise an employee
    sees it when their department is among the story's departments OR their location
    is among its locations: "Sales + Eindhoven" reaches all of Sales and everyone in
    Eindhoven. Comms asked for reach, not for an intersection nobody can predict;
    a story for only the Eindhoven sales team is rare enough to tick one box.
    """
    # Uncorrelated IN subqueries: each runs once (SQLite materialises it, Postgres
    # hashes it) instead of once per story as a correlated EXISTS would.
    departments = StoryPage.audience_departments.through.objects
    locations = StoryPage.audience_locations.through.objects
    q = ~Q(pk__in=departments.values("storypage_id")) & ~Q(
        pk__in=locations.values("storypage_id")
    )
    if audience.department_id:
        q |= Q(
            pk__in=departments.filter(department_id=audience.department_id).values(
                "storypage_id"
            )
        )
    if audience.location_id:
        q |= Q(
            pk__in=locations.filter(location_id=audience.location_id).values(
                "storypage_id"
            )
        )
    return q


def live_stories(*, now=None) -> QuerySet[StoryPage]:
    """Published stories whose time has come and not yet gone.

    Wagtail flips `live`/`expired` only when `publish_scheduled` runs, so the dates
    are checked here too: a story leaves the library the minute it expires.
    """
    now = now or timezone.now()
    return StoryPage.objects.filter(live=True).filter(
        Q(go_live_at__isnull=True) | Q(go_live_at__lte=now),
        Q(expire_at__isnull=True) | Q(expire_at__gt=now),
    )


def visible_stories(audience: Audience) -> QuerySet[StoryPage]:
    return live_stories().filter(_audience_q(audience))


def shareable_stories(user) -> QuerySet[StoryPage]:
    """The stories `user` may share: live and aimed at them.

    The one rule for sharing: the composer refuses anything else, and the story
    page offers the share button only for these.
    """
    return visible_stories(audience_for_user(user))


def story_is_shareable(*, user, story: StoryPage) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return shareable_stories(user).filter(pk=story.pk).exists()


def _search_ids(query: str):
    """Primary keys of stories matching `query` in Wagtail's search index."""
    results = StoryPage.objects.search(query, operator="and", order_by_relevance=False)
    # The database backends expose the matching rows as a queryset: use it as a
    # subquery instead of loading every match into Python.
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is not None:
        return get_queryset().order_by().values("pk")
    return [story.pk for story in results]


def _card_queryset(stories: QuerySet[StoryPage]) -> QuerySet[StoryPage]:
    """`stories` with everything a card shows fetched up front."""
    rendition_model = get_image_model().get_rendition_model()
    return (
        stories.defer_streamfields()
        .select_related("campaign", "hero_image", "stats")
        .prefetch_related(
            Prefetch(
                "hero_image__renditions",
                queryset=rendition_model.objects.filter(filter_spec=CARD_IMAGE_SPEC),
                to_attr="prefetched_renditions",
            ),
        )
    )


def stories_for_user(
    user,
    *,
    topic: str | None = None,
    campaign: str | None = None,
    network: str | None = None,
    query: str | None = None,
    language: str | None = None,
    audience: Audience | None = None,
) -> QuerySet[StoryPage]:
    """The library of `user`: live stories aimed at them, filtered, ready for cards.

    Featured stories come first, then stories in `language` (the employee's UI
    language), then the newest. Everything a card shows is fetched up front, so a
    page of cards costs the same number of queries whatever its size.
    """
    if audience is None:
        audience = audience_for_user(user)
    return _card_queryset(
        _library(
            audience,
            topic=topic,
            campaign=campaign,
            network=network,
            query=query,
            language=language,
        )
    )


def _library(
    audience: Audience,
    *,
    topic: str | None = None,
    campaign: str | None = None,
    network: str | None = None,
    query: str | None = None,
    language: str | None = None,
) -> QuerySet[StoryPage]:
    """The stories `audience` sees with these filters, in library order."""
    stories = visible_stories(audience)
    if topic:
        # Uncorrelated IN subqueries: the database runs each once, using the index.
        stories = stories.filter(
            pk__in=StoryTag.objects.filter(tag__slug=topic).values("content_object_id")
        )
    if campaign:
        stories = stories.filter(campaign__slug=campaign)
    if network:
        stories = stories.filter(
            pk__in=ShareText.objects.filter(network=network).values("page_id")
        )
    if query and query.strip():
        stories = stories.filter(pk__in=_search_ids(query.strip()))
    if language:
        stories = _one_version_per_story(stories, language)

    ordering = ["-featured"]
    if language:
        stories = stories.annotate(
            in_language=Case(
                When(language=language, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        ordering.append("in_language")
    ordering += ["-first_published_at", "-pk"]
    return stories.order_by(*ordering)


def _one_version_per_story(
    stories: QuerySet[StoryPage], language: str
) -> QuerySet[StoryPage]:
    """One card per story: its version in `language` where `stories` has one.

    Language versions share Wagtail's `translation_key`. A story with no version
    in `language` keeps the version it has (with two languages, exactly one).
    One uncorrelated IN subquery, run once, like the filters above.
    """
    in_language = stories.filter(language=language).values("translation_key")
    return stories.exclude(Q(translation_key__in=in_language) & ~Q(language=language))


def library_topics(audience: Audience, language: str | None = None) -> QuerySet[Tag]:
    """Topics that at least one story visible to `audience` carries; with
    `language`, only those of stories in that language (topics are words: a
    Dutch reader filters on "trots", an English one on "proud")."""
    stories = visible_stories(audience)
    if language:
        stories = stories.filter(language=language)
    story_tags = StoryTag.objects.filter(content_object__in=stories.values("pk"))
    return Tag.objects.filter(pk__in=story_tags.values("tag_id")).order_by("name")


def library_campaigns(audience: Audience) -> QuerySet[Campaign]:
    """Campaigns with at least one story visible to `audience`."""
    return Campaign.objects.filter(
        pk__in=visible_stories(audience).values("campaign_id")
    ).order_by("name")


LIBRARY_VERSION_KEY = "cms:library-version"
FILTER_CHOICES_TIMEOUT = 300


def library_version() -> int:
    """Bumped whenever a story or campaign changes (see cms.signals)."""
    return cache.get_or_set(LIBRARY_VERSION_KEY, 1, timeout=None)


def library_filter_choices(
    audience: Audience, language: str | None = None
) -> dict[str, list[tuple[str, str]]]:
    """(slug, name) of the topics (in `language`) and campaigns `audience` can
    filter on.

    Scanning every visible story for its tags costs more than rendering a page of
    cards, and the answer only changes when comms publishes: it is cached per
    department and location, and dropped when the library changes. The timeout
    covers stories that go live or expire by the clock alone.
    """
    key = (
        f"cms:filters:{library_version()}:"
        f"{audience.department_id or 0}:{audience.location_id or 0}:{language or ''}"
    )
    choices = cache.get(key)
    if choices is None:
        topics = library_topics(audience, language)
        choices = {
            "topics": list(topics.values_list("slug", "name")),
            "campaigns": list(library_campaigns(audience).values_list("slug", "name")),
        }
        cache.set(key, choices, timeout=FILTER_CHOICES_TIMEOUT)
    return choices


def _next_scheduled_change(now: datetime) -> datetime | None:
    """When the clock alone next adds a story to the library or takes one out."""
    upcoming = StoryPage.objects.filter(live=True).aggregate(
        go_live=Min("go_live_at", filter=Q(go_live_at__gt=now)),
        expire=Min("expire_at", filter=Q(expire_at__gt=now)),
    )
    moments = [moment for moment in upcoming.values() if moment is not None]
    return min(moments, default=None)


def library_story_ids(
    audience: Audience,
    *,
    topic: str | None = None,
    campaign: str | None = None,
    network: str | None = None,
    language: str | None = None,
) -> list[int]:
    """Primary keys of the library of `audience`, in the order cards are shown.

    Which stories an audience sees and their order change only when comms
    publishes, unpublishes or deletes a story (the library version moves on) or
    when a scheduled story goes live or expires: the list is cached per audience,
    filters and language until the earlier of the next such moment and
    FILTER_CHOICES_TIMEOUT. A page of the library is then twelve rows by primary
    key instead of filtering, counting and sorting every story on every request.
    """
    key = ":".join(
        [
            f"cms:library-ids:{library_version()}",
            str(audience.department_id or 0),
            str(audience.location_id or 0),
            language or "",
            topic or "",
            campaign or "",
            network or "",
        ]
    )
    ids = cache.get(key)
    if ids is None:
        now = timezone.now()
        stories = _library(
            audience,
            topic=topic,
            campaign=campaign,
            network=network,
            language=language,
        )
        ids = list(stories.values_list("pk", flat=True))
        timeout = FILTER_CHOICES_TIMEOUT
        next_change = _next_scheduled_change(now)
        if next_change is not None:
            timeout = min(timeout, (next_change - now).total_seconds())
        if timeout > 0:
            cache.set(key, ids, timeout=timeout)
    return ids


def cards_for_ids(ids: list[int]) -> list[StoryPage]:
    """The stories `ids` names, ready for cards and in that order.

    Checked against the clock once more, so a story never outlives its expiry
    even if a cached list of `ids` did.
    """
    if not ids:
        return []
    stories = {
        story.pk: story for story in _card_queryset(live_stories().filter(pk__in=ids))
    }
    return [stories[pk] for pk in ids if pk in stories]


def library_changed() -> None:
    try:
        cache.incr(LIBRARY_VERSION_KEY)
    except ValueError:
        cache.set(LIBRARY_VERSION_KEY, 2, timeout=None)


def share_text_networks(story_ids: list[int]) -> dict[int, set[str]]:
    """For each story, the networks it has a suggested text for (one query)."""
    networks: dict[int, set[str]] = {}
    rows = ShareText.objects.filter(page_id__in=story_ids).values_list(
        "page_id", "network"
    )
    for page_id, network in rows:
        networks.setdefault(page_id, set()).add(network)
    return networks
