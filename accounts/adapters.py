"""allauth adapters: who may sign up, and what a new account gets."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts import services


def email_domain_allowed(email: str | None) -> bool:
    """Signup is open only to the company's own domains; closed when none are set."""
    domains = settings.BOEGBEELD_SIGNUP_DOMAINS
    if not domains or not email or "@" not in email:
        return False
    return email.rsplit("@", 1)[1].strip().lower() in domains


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        if not settings.BOEGBEELD_SIGNUP_DOMAINS:
            return False
        # The form has not been validated yet here; the domain itself is checked in
        # clean_email so that the visitor gets a clear form error instead of a dead end.
        return True

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        if not email_domain_allowed(email):
            raise forms.ValidationError(
                _("Sign up with your work email address (%(domains)s).")
                % {
                    "domains": ", ".join(
                        "@" + d for d in settings.BOEGBEELD_SIGNUP_DOMAINS
                    )
                }
            )
        return email.lower()

    def save_user(
        self, request: HttpRequest, user: Any, form: Any, commit: bool = True
    ):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            services.user_onboard(
                user=user, language=getattr(request, "LANGUAGE_CODE", "")
            )
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return email_domain_allowed(getattr(sociallogin.user, "email", None))

    def save_user(self, request: HttpRequest, sociallogin: Any, form: Any = None):
        user = super().save_user(request, sociallogin, form)
        services.user_onboard(user=user, language=getattr(request, "LANGUAGE_CODE", ""))
        return user
