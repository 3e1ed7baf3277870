"""Employees' pages for story suggestions: suggest, my suggestions, one of them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from advocacy.guidelines.checks import ui_locale
from advocacy.suggestions import selectors
from advocacy.suggestions import services as suggestions
from advocacy.suggestions.forms import SuggestionAnswerForm, SuggestionForm
from core.forms import form_add_service_errors


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_create(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    over_limit = None
    if posted:
        try:
            suggestions.suggestion_limit_check(suggester=request.user)
        except ValidationError as exc:
            over_limit = exc
    # Over the limit the upload is left out: its image is never opened.
    files = request.FILES if posted and over_limit is None else None
    form = SuggestionForm(request.POST if posted else None, files)
    if over_limit is not None:
        form.is_valid()
        form_add_service_errors(form, over_limit)
    elif posted and form.is_valid():
        data = form.cleaned_data
        try:
            suggestion = suggestions.suggestion_create(
                suggester=request.user,
                url=data["url"],
                title=data["title"],
                text=data["text"],
                why=data["why"],
                image=data["image"],
                departments=data["departments"],
                locations=data["locations"],
                language=ui_locale(get_language()),
                credit_consent=data["credit_consent"],
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Thank you! The communications team will look at your suggestion."),
            )
            return redirect("suggestions:suggestion_detail", pk=suggestion.pk)
    context = {
        "form": form,
        "recent_count": selectors.suggestions_recent_count(user=request.user),
        "daily_limit": selectors.suggestion_daily_limit(),
        "composer_strings": {
            "blocked": _("Fix the problems marked in red before you send this."),
            "warned": _("You can send this, but have a look at the tips."),
            "ok": _("Looks good."),
        },
    }
    status = 400 if posted else 200
    return render(request, "advocacy/suggestion_form.html", context, status=status)


@login_required
def suggestion_list(request: HttpRequest) -> HttpResponse:
    items = selectors.suggestions_for_user(user=request.user)
    return render(request, "advocacy/suggestion_list.html", {"suggestions": items})


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = selectors.suggestion_get_for_user(user=request.user, pk=pk)
    form = None
    if suggestion.status == suggestion.Status.QUESTION:
        form = SuggestionAnswerForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                suggestions.suggestion_answer(
                    suggestion=suggestion,
                    user=request.user,
                    answer=form.cleaned_data["answer"],
                )
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Thanks! Your answer is with the communications team.")
                )
                return redirect("suggestions:suggestion_detail", pk=suggestion.pk)
    elif request.method == "POST":
        return redirect("suggestions:suggestion_detail", pk=suggestion.pk)
    context = {
        "suggestion": suggestion,
        "messages_thread": suggestion.messages.all(),
        "departments": suggestion.audience_departments.all(),
        "locations": suggestion.audience_locations.all(),
        "form": form,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "advocacy/suggestion_detail.html", context, status=status)
