"""Screen pages (token, no login) and the staff pages around them."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from config.forms import form_add_service_errors
from realtime import events, selectors, services, tokens
from realtime.forms import (
    EmergencyForm,
    FeedbackEntryForm,
    ModerationSettingsForm,
    PairingConfirmForm,
)
from realtime.models import EmergencyMessage, Feedback, ModerationSettings, Screen

OFFLINE_AFTER = timedelta(seconds=60)
PAIR_COOKIE = "boegbeeld_pairing"


def staff_required(perm: str):
    def decorator(view):
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorator


def _no_referrer(response: HttpResponse) -> HttpResponse:
    # The screen token is in the URL; never leak it to other sites or caches.
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


def screen_url(request: HttpRequest | None, screen: Screen, token: str) -> str:
    path = f"{reverse('screens:screen', args=[screen.slug])}?token={token}"
    if request is None:
        return settings.BOEGBEELD_SITE_URL.rstrip("/") + path
    return request.build_absolute_uri(path)


# --- the wall screen --------------------------------------------------------------
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
        return _no_referrer(response)
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
                "figuresUrl": reverse("screens:figures", args=[screen.slug]),
            },
            "snapshot": events.snapshot_message(items, emergencies),
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
                "figures": _("Today, colleagues shared our stories"),
                "shares": _("shares"),
                "clicks": _("readers"),
                "sharers": _("colleagues"),
                "top": _("Most shared today"),
            },
        }
        response = render(request, "realtime/screen.html", context)
    return _no_referrer(response)


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
    return _no_referrer(response)


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from /screens/ so its scope covers the screen pages."""
    path = finders.find("realtime/sw.js")
    with open(path, encoding="utf-8") as fh:
        response = HttpResponse(fh.read(), content_type="application/javascript")
    response["Cache-Control"] = "no-cache"
    return response


# --- pairing ----------------------------------------------------------------------
@never_cache
@require_GET
def pair_page(request: HttpRequest) -> HttpResponse:
    """A new screen shows a code; a screen manager enters it on the staff page."""
    pairing, code, claim = services.screen_pairing_start()
    response = render(
        request,
        "realtime/pair.html",
        {
            "code": code,
            "expires_at": pairing.expires_at,
            "confirm_url": request.build_absolute_uri(reverse("screens:pair_confirm")),
        },
    )
    response.set_cookie(
        PAIR_COOKIE,
        claim,
        max_age=int(services.PAIRING_TTL.total_seconds()),
        httponly=True,
        samesite="Strict",
        secure=request.is_secure(),
    )
    return _no_referrer(response)


@never_cache
@require_GET
def pair_status(request: HttpRequest) -> JsonResponse:
    claim = request.COOKIES.get(PAIR_COOKIE, "")
    if not claim:
        return JsonResponse({"state": "expired"})
    collected = services.screen_pairing_collect(claim=claim)
    if collected is None:
        return JsonResponse({"state": services.screen_pairing_state(claim=claim)})
    screen, token = collected
    response = JsonResponse(
        {"state": "paired", "url": screen_url(request, screen, token)}
    )
    response.delete_cookie(PAIR_COOKIE)
    return response


@staff_required("realtime.add_screen")
def pair_confirm(request: HttpRequest) -> HttpResponse:
    form = PairingConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            screen = services.screen_pairing_confirm(
                code=data["code"],
                slug=data["slug"],
                name=data["name"],
                location=data["location"],
                language=data["language"],
                theme=data["theme"],
                rotation_seconds=data["rotation_seconds"],
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Screen “%(name)s” is paired and will start in a few seconds.")
                % {"name": screen.name},
            )
            return redirect("screens:health")
    return render(request, "realtime/pair_confirm.html", {"form": form})


# --- operator controls --------------------------------------------------------------
def _screen_rows() -> list[dict]:
    now = timezone.now()
    rows = []
    for screen in Screen.objects.select_related("location").order_by("name"):
        online = bool(
            screen.active
            and screen.last_seen_at
            and now - screen.last_seen_at <= OFFLINE_AFTER
        )
        rows.append({"screen": screen, "online": online})
    return rows


@staff_required("realtime.change_screen")
def screens_health(request: HttpRequest) -> HttpResponse:
    context = {
        "rows": _screen_rows(),
        "emergencies": EmergencyMessage.objects.filter(active=True).select_related(
            "location"
        ),
        "emergency_form": EmergencyForm(),
    }
    template = (
        "realtime/_screen_rows.html" if request.htmx else "realtime/screens_health.html"
    )
    return render(request, template, context)


@require_POST
@staff_required("realtime.change_screen")
def screen_reload(request: HttpRequest) -> HttpResponse:
    screen_id = request.POST.get("screen")
    screen = get_object_or_404(Screen, pk=screen_id) if screen_id else None
    services.screen_reload(screen=screen)
    messages.success(request, _("Reload sent."))
    return redirect("screens:health")


@require_POST
@staff_required("realtime.change_screen")
def emergency_set(request: HttpRequest) -> HttpResponse:
    form = EmergencyForm(request.POST)
    if form.is_valid():
        services.emergency_set(
            text=form.cleaned_data["text"], location=form.cleaned_data["location"]
        )
        messages.success(request, _("Emergency message is on the screens."))
    else:
        messages.error(request, _("Enter a message of at most 280 characters."))
    return redirect("screens:health")


@require_POST
@staff_required("realtime.change_screen")
def emergency_clear(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(EmergencyMessage, pk=pk)
    services.emergency_clear(message=message)
    messages.success(request, _("Emergency message cleared."))
    return redirect("screens:health")


# --- webcare: entry and moderation ------------------------------------------------
@staff_required("realtime.add_feedback")
def feedback_new(request: HttpRequest) -> HttpResponse:
    form = FeedbackEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.feedback_ingest(
                text=data["text"],
                author=data["author"],
                channel=data["channel"],
                rating=data["rating"],
                location=data["location"],
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            if result.feedback.status == Feedback.Status.APPROVED:
                messages.success(request, _("Feedback saved and shown on the screens."))
            else:
                messages.success(request, _("Feedback saved; it waits for moderation."))
            return redirect("feedback:new")
    return render(request, "realtime/feedback_new.html", {"form": form})


def _queue_context() -> dict:
    pending = Feedback.objects.filter(status=Feedback.Status.PENDING).select_related(
        "location"
    )
    recent = (
        Feedback.objects.exclude(status=Feedback.Status.PENDING)
        .select_related("location")
        .order_by("-moderated_at", "-id")[:20]
    )
    return {"pending": pending.order_by("-id")[:100], "recent": recent}


@staff_required("realtime.moderate_feedback")
def moderation_queue(request: HttpRequest) -> HttpResponse:
    if request.htmx:
        return render(request, "realtime/_moderation_list.html", _queue_context())
    settings_form = ModerationSettingsForm(
        request.POST or None, instance=ModerationSettings.load()
    )
    if request.method == "POST" and settings_form.is_valid():
        settings_form.save()
        messages.success(request, _("Auto-approve rules saved."))
        return redirect("feedback:moderation")
    return render(
        request,
        "realtime/moderation.html",
        {**_queue_context(), "settings_form": settings_form},
    )


@require_POST
@staff_required("realtime.moderate_feedback")
def feedback_moderate(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    feedback = get_object_or_404(Feedback, pk=pk)
    if action == "approve":
        services.feedback_approve(feedback=feedback)
    elif action == "hide":
        services.feedback_hide(feedback=feedback)
    else:
        raise Http404
    if request.htmx:
        return render(request, "realtime/_moderation_list.html", _queue_context())
    return redirect("feedback:moderation")
