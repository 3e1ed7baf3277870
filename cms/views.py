"""The library as the home page renders it: parse the filters, ask the selectors."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import get_language

from cms.forms import LibraryFilterForm
from cms.selectors import (
    audience_for_user,
    library_filter_choices,
    stories_for_user,
)

STORIES_PER_PAGE = 12


def paginate(queryset: QuerySet, number, per_page: int = STORIES_PER_PAGE) -> Page:
    """A page of `queryset`; out-of-range or junk numbers give the nearest page.

    Two queries (count, then the page). Folding the count into the page query with
    `COUNT(*) OVER ()` was measured slower on SQLite: it sorts every row instead
    of keeping only the top twelve.
    """
    return Paginator(queryset, per_page).get_page(number)


def library_context(request: HttpRequest) -> dict:
    audience = audience_for_user(request.user)
    choices = library_filter_choices(audience)
    form = LibraryFilterForm(
        request.GET or None,
        topics=choices["topics"],
        campaigns=choices["campaigns"],
    )
    filters = form.filters() if request.GET else {}
    stories = stories_for_user(
        request.user,
        topic=filters.get("topic"),
        campaign=filters.get("campaign"),
        network=filters.get("network"),
        query=filters.get("q"),
        language=(get_language() or "").split("-")[0] or None,
        audience=audience,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "filters": filters,
        "stories": paginate(stories, request.GET.get("page")),
        "filter_querystring": query.urlencode(),
    }
