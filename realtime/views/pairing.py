"""Pairing: a new screen shows a code, a screen manager enters it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import form_add_service_errors
from realtime import services
from realtime.forms import PairingConfirmForm
from realtime.views.common import no_referrer, staff_required
from realtime.views.screen import screen_url

PAIR_COOKIE = "boegbeeld_pairing"
# The pairing pages carry no token; their POSTs must show their origin for the
# CSRF check (a no-referrer page sends "Origin: null"), and only to this site.
SAME_ORIGIN = "same-origin"


@never_cache
@require_http_methods(["GET", "POST"])
def pair_page(request: HttpRequest) -> HttpResponse:
    """A new screen asks for a code; a screen manager enters it on the staff page.

    Opening the page only reads: it asks for a code with a POST (sent by the
    page's script at once, or by a button without script), so a link preview or
    a prefetch never creates a pairing.
    """
    if request.method == "GET":
        start = render(request, "realtime/pair_start.html")
        return no_referrer(start, policy=SAME_ORIGIN)
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
    return no_referrer(response, policy=SAME_ORIGIN)


@never_cache
@require_POST
def pair_status(request: HttpRequest) -> JsonResponse:
    """Polled by the waiting screen; hands the screen's token out once (a POST)."""
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
                by=request.user,
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
