"""Screen managers' controls: which screens are online, reloads, emergency messages."""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from realtime import services
from realtime.forms import EmergencyForm
from realtime.models import EmergencyMessage, Screen
from realtime.views.common import staff_required

OFFLINE_AFTER = timedelta(seconds=60)


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
    if screen_id and not (screen_id.isascii() and screen_id.isdigit()):
        raise Http404  # not an id: no such screen (and never "all screens")
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
            text=form.cleaned_data["text"],
            location=form.cleaned_data["location"],
            by=request.user,
        )
        messages.success(request, _("Emergency message is on the screens."))
    else:
        messages.error(request, _("Enter a message of at most 280 characters."))
    return redirect("screens:health")


@require_POST
@staff_required("realtime.change_screen")
def emergency_clear(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(EmergencyMessage, pk=pk)
    services.emergency_clear(message=message, by=request.user)
    messages.success(request, _("Emergency message cleared."))
    return redirect("screens:health")
