from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from accounts import personal_data, unsubscribe
from accounts.forms import EraseConfirmForm, ProfileForm
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


# --- personal data -----------------------------------------------------------------
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Download what is stored about me, or go on to erase it."""
    if request.method == "POST":
        archive = personal_data.user_data_export(user=request.user)
        response = HttpResponse(archive.content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{archive.filename}"'
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "accounts/privacy/my_data.html",
        {"kinds": personal_data.erasure_summary()},
    )


@login_required
@reauthentication_required(allow_get=True)
def erase_me(request: HttpRequest) -> HttpResponse:
    """Erase my account after showing what that does (a fresh login is asked)."""
    form = EraseConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        personal_data.user_erase(user=user, by_themselves=True)
        messages.success(request, _("Your account and your personal data are erased."))
        return redirect("/")
    return render(
        request,
        "accounts/privacy/erase.html",
        {"form": form, "kinds": personal_data.erasure_summary()},
    )


def privacy_page(request: HttpRequest) -> HttpResponse:
    """What is stored, for how long and who sees it, from the live configuration."""
    return render(
        request, "accounts/privacy/privacy.html", personal_data.privacy_facts()
    )


@csrf_exempt  # mail providers POST here without a token; the signature authorises
def unsubscribe_new_stories(request: HttpRequest, token: str) -> HttpResponse:
    """Stop the e-mails about new stories: one click from the mail (RFC 8058)."""
    user = unsubscribe.unsubscribe_user(token)
    if user is None:
        return render(request, "accounts/unsubscribe.html", {"bad": True}, status=404)
    if request.method == "POST":
        unsubscribe.profile_unsubscribe(user=user)
        return render(request, "accounts/unsubscribe.html", {"done": True})
    return render(request, "accounts/unsubscribe.html", {"email": user.email})
