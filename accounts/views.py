from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from accounts.forms import ProfileForm
from accounts.language import language_remember
from accounts.services import user_onboard


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = (
        user_onboard(user=request.user)
        if not hasattr(request.user, "profile")
        else request.user.profile
    )
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        profile = form.save()
        messages.success(request, _("Your profile has been saved."))
        response = redirect("profile")
        if profile.preferred_language:
            language_remember(response, profile.preferred_language)
        return response
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's set_language, remembering the choice on the profile when logged in."""
    response = set_language(request)
    language = request.POST.get("language", "")
    codes = {code for code, _name in settings.LANGUAGES}
    if request.user.is_authenticated and language in codes:
        profile = getattr(request.user, "profile", None)
        if profile is not None and profile.preferred_language != language:
            profile.preferred_language = language
            profile.save(update_fields=["preferred_language"])
    return response
