"""Webcare's pages: entering customer feedback and moderating what screens show."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import form_add_service_errors
from realtime import services
from realtime.forms import FeedbackEntryForm, ModerationSettingsForm
from realtime.models import Feedback, ModerationSettings
from realtime.views.common import staff_required


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
        services.feedback_approve(feedback=feedback, by=request.user)
    elif action == "hide":
        services.feedback_hide(feedback=feedback, by=request.user)
    else:
        raise Http404
    if request.htmx:
        return render(request, "realtime/_moderation_list.html", _queue_context())
    return redirect("feedback:moderation")
