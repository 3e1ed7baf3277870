"""Admin views of the CMS: the story editor's language check, the content calendar."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cms.calendar import month_calendar
from cms.forms import StoryVersionCreateForm, StoryVersionLinkForm
from cms.models import StoryPage
from cms.services import (
    story_version_create,
    story_versions_link,
    story_versions_unlink,
)
from cms.versions import version_link_candidates
from core.forms import form_add_service_errors
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


def story_versions(request: HttpRequest, page_id: int) -> HttpResponse:
    """A story's versions in other languages: make one, link one, or unlink.

    Wagtail's admin URLs require admin access; editing this story is required too,
    and adding a page beside it to make a version.
    """
    story = get_object_or_404(StoryPage, pk=page_id)
    permissions = story.permissions_for_user(request.user)
    if not permissions.can_edit():
        raise PermissionDenied
    versions = list(story.get_translations().order_by("language"))
    names = dict(settings.LANGUAGES)
    taken = {story.language, *(v.language for v in versions)}
    missing = [(code, names[code]) for code in names if code not in taken]
    group = [story.pk, *(v.pk for v in versions)]
    candidates = version_link_candidates(exclude=group, languages=taken)
    action = request.POST.get("action") if request.method == "POST" else None
    create_form = StoryVersionCreateForm(
        request.POST if action == "create" else None, languages=missing
    )
    link_form = StoryVersionLinkForm(
        request.POST if action == "link" else None,
        stories=[
            (s.pk, f"{s.title} ({names.get(s.language, s.language)})")
            for s in candidates
        ],
    )
    if action == "create" and create_form.is_valid():
        if not story.get_parent().permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        try:
            version = story_version_create(
                story=story,
                language=create_form.cleaned_data["language"],
                user=request.user,
            )
        except ValidationError as exc:
            form_add_service_errors(create_form, exc)
        else:
            messages.success(
                request, _("A draft version was made: translate it and publish it.")
            )
            return redirect("wagtailadmin_pages:edit", version.pk)
    elif action == "link" and link_form.is_valid():
        other = get_object_or_404(StoryPage, pk=link_form.cleaned_data["other"])
        if not other.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        try:
            story_versions_link(story=story, other=other)
        except ValidationError as exc:
            form_add_service_errors(link_form, exc)
        else:
            messages.success(request, _("The stories are now versions of each other."))
            return redirect("cms_story_versions", story.pk)
    elif action == "unlink":
        story_versions_unlink(story=story)
        messages.success(request, _("This story stands alone now."))
        return redirect("cms_story_versions", story.pk)
    bound = create_form.is_bound or link_form.is_bound
    return TemplateResponse(
        request,
        "cms/admin/story_versions.html",
        {
            "story": story,
            "versions": versions,
            "create_form": create_form if missing else None,
            "link_form": link_form if candidates else None,
            "header_title": _("Language versions"),
            "header_icon": "globe",
        },
        status=400 if bound else 200,
    )
