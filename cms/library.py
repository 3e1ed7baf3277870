"""The library as the home page renders it: parse the filters, ask the selectors.

Wagtail serves the home page itself, so `HomePage.get_context` is what calls this;
it lives apart from the models so they need nothing from a views module.
"""

from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import get_language
from wagtail.images.models import SourceImageIOError

from accounts.models import Profile
from accounts.services import profile_library_visit
from cms.forms import LibraryFilterForm
from cms.models.stories import CARD_IMAGE_SPEC
from cms.selectors import (
    audience_for_user,
    cards_for_ids,
    library_filter_choices,
    library_story_ids,
    share_text_networks,
    stories_for_user,
)
from cms.versions import other_versions_for_cards
from core import networks
from core.network_labels import network_label

STORIES_PER_PAGE = 12


def paginate(
    queryset: QuerySet | list, number, per_page: int = STORIES_PER_PAGE
) -> Page:
    """A page of `queryset`; out-of-range or junk numbers give the nearest page.

    For a queryset, two queries (count, then the page). Folding the count into the
    page query with `COUNT(*) OVER ()` was measured slower on SQLite: it sorts
    every row instead of keeping only the top twelve.
    """
    return Paginator(queryset, per_page).get_page(number)


def _card_image(story):
    """The card rendition of the story's image; None (a placeholder) without one.

    Like Wagtail's {% image %} tag, a missing original file does not break the page.
    """
    if not story.hero_image:
        return None
    try:
        return story.hero_image.get_rendition(CARD_IMAGE_SPEC)
    except SourceImageIOError:
        return None


def card_networks(chosen: list[str], story_networks: set[str]) -> list[str]:
    """The networks a card offers one-tap sharing on, in the registry's order.

    The employee's own choice (profile); without one, the networks the story has
    a suggested text for; without those, the registry's default network.
    """
    wanted = set(chosen) or story_networks or {networks.DEFAULT}
    return [code for code in networks.CODES if code in wanted]


def went_live_at(story) -> datetime | None:
    """When the story reached the library: published, or its go-live time after."""
    moments = [m for m in (story.first_published_at, story.go_live_at) if m]
    return max(moments) if moments else None


def _library_profile(user) -> Profile | None:
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def library_context(request: HttpRequest) -> dict:
    audience = audience_for_user(request.user)
    language = (get_language() or "").split("-")[0] or None
    choices = library_filter_choices(audience, language)
    form = LibraryFilterForm(
        request.GET or None,
        topics=choices["topics"],
        campaigns=choices["campaigns"],
    )
    filters = form.filters() if request.GET else {}
    options = {
        "topic": filters.get("topic"),
        "campaign": filters.get("campaign"),
        "network": filters.get("network"),
        "language": language,
    }
    number = request.GET.get("page")
    if filters.get("q"):
        # Free-text searches are too varied to cache: count and page in SQL.
        stories = paginate(
            stories_for_user(
                request.user, query=filters["q"], audience=audience, **options
            ),
            number,
        )
    else:
        stories = paginate(library_story_ids(audience, **options), number)
        stories.object_list = cards_for_ids(stories.object_list)
    versions = other_versions_for_cards(list(stories), audience)
    profile = _library_profile(request.user)
    new_since = profile_library_visit(profile=profile) if profile else None
    chosen = profile.share_networks if profile else []
    story_networks = share_text_networks([story.pk for story in stories])
    for story in stories:
        # Worked out here once instead of by template tags per card.
        story.card_url = story.get_url(request)
        story.card_image = _card_image(story)
        story.card_versions = versions.get(str(story.translation_key), [])
        for version in story.card_versions:
            version.card_url = version.get_url(request)
        story.card_networks = [
            (code, network_label(code))
            for code in card_networks(chosen, story_networks.get(story.pk, set()))
        ]
        live_at = went_live_at(story)
        story.is_new = bool(new_since and live_at and live_at > new_since)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "filters": filters,
        "stories": stories,
        "filter_querystring": query.urlencode(),
    }
