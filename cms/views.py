"""Admin views of the CMS: the story editor's language check, the content calendar."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.calendar import month_calendar
from core.language import guess_language

MAX_TEXT = 20_000


@require_POST
def story_language_check(request: HttpRequest) -> JsonResponse:
    """Does the story's text read like the language it is marked with?

    Reads only (POST because a story's text is too long for a URL). Wagtail's
    admin URLs already require a logged-in user with admin access.
    """
    text = request.POST.get("text", "")[:MAX_TEXT]
    chosen = request.POST.get("language", "")
    names = dict(settings.LANGUAGES)
    detected = guess_language(text)
    message = ""
    if detected and chosen in names and detected != chosen:
        message = _(
            "This text reads like %(detected)s, but the story is marked as "
            "%(chosen)s. Check the language under “In the library”."
        ) % {"detected": names[detected], "chosen": names[chosen]}
    return JsonResponse({"language": detected, "message": message})


def content_calendar(request: HttpRequest) -> HttpResponse:
    """A month of the content plan: what goes live, what expires, which campaigns."""
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        shown = date(year, month, 1)
    except ValueError:
        return HttpResponseBadRequest(_("Choose a month between 1 and 12."))
    previous = (shown - timedelta(days=1)).replace(day=1)
    following = (shown + timedelta(days=32)).replace(day=1)
    return TemplateResponse(
        request,
        "cms/admin/calendar.html",
        {
            "weeks": month_calendar(shown.year, shown.month),
            "shown": shown,
            "previous": previous,
            "following": following,
            "today": today,
            "header_title": _("Content calendar"),
        },
    )
