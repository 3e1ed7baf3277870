"""Admin helpers of the story editor."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

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
