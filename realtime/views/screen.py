"""The wall screen itself (token, no login): its page, figures and service worker."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from realtime import events, selectors, tokens
from realtime.models import Screen
from realtime.views.common import no_referrer


def screen_url(request: HttpRequest | None, screen: Screen, token: str) -> str:
    path = f"{reverse('screens:screen', args=[screen.slug])}?token={token}"
    if request is None:
        return settings.BOEGBEELD_SITE_URL.rstrip("/") + path
    return request.build_absolute_uri(path)


@never_cache
@require_GET
def screen_page(request: HttpRequest, slug: str) -> HttpResponse:
    token = request.GET.get("token", "")
    screen = (
        Screen.objects.filter(
            slug=slug, token_hash=tokens.token_hash(token), active=True
        )
        .select_related("location")
        .first()
        if token
        else None
    )
    if screen is None:
        response = render(request, "realtime/screen_forbidden.html", status=403)
        return no_referrer(response)
    seq = selectors.change_seq_current()  # before the items it vouches for
    items = (
        selectors.feedback_latest(location_id=screen.location_id)
        if screen.show_feedback
        else []
    )
    emergencies = selectors.emergencies_active(location_id=screen.location_id)
    stories = selectors.story_highlights() if screen.show_stories else []
    figures = (
        selectors.sharing_figures(location_id=screen.location_id)
        if screen.show_figures
        else None
    )
    with translation.override(screen.language):
        context = {
            "screen": screen,
            "config": {
                "slug": screen.slug,
                "rotationSeconds": screen.rotation_seconds,
                "panels": {
                    "feedback": screen.show_feedback,
                    "stories": bool(stories),
                    "figures": figures is not None,
                },
                "language": screen.language,
                "timeZone": settings.TIME_ZONE,
                "figuresUrl": reverse("screens:figures", args=[screen.slug]),
            },
            "snapshot": events.snapshot_message(items, emergencies, seq),
            "stories": stories,
            "figures": figures,
            "strings": {
                "reconnecting": _("Reconnecting…"),
                "offline": _("Offline — showing the last known feedback"),
                "new": _("Just in"),
                "empty": _("Customer feedback will appear here."),
                "notice": _("Notice"),
                "story": _("Our stories"),
                "unauthorised": _("This screen is no longer authorised."),
                "switchedOff": _("This screen was switched off by a screen manager."),
                "figures": _("Today, colleagues shared our stories"),
                "shares": _("shares"),
                "clicks": _("readers"),
                "sharers": _("colleagues"),
                "top": _("Most shared today"),
            },
        }
        response = render(request, "realtime/screen.html", context)
    return no_referrer(response)


@never_cache
@require_GET
def screen_figures(request: HttpRequest, slug: str) -> JsonResponse:
    """Today's sharing figures for a screen; polled, because they change slowly."""
    screen = Screen.objects.filter(
        slug=slug,
        token_hash=tokens.token_hash(request.GET.get("token", "")),
        active=True,
    ).first()
    if screen is None:
        return JsonResponse({"detail": "screen not authorised"}, status=403)
    if not screen.show_figures:
        return JsonResponse({"figures": None})
    figures = selectors.sharing_figures(location_id=screen.location_id)
    response = JsonResponse({"figures": figures})
    return no_referrer(response)


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from /screens/ so its scope covers the screen pages."""
    path = finders.find("realtime/sw.js")
    with open(path, encoding="utf-8") as fh:
        response = HttpResponse(fh.read(), content_type="application/javascript")
    response["Cache-Control"] = "no-cache"
    return response
