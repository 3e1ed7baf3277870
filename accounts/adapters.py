"""allauth adapters: who may sign up, and what a new account gets."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from accounts import services
from accounts.language import language_remember


def email_domain_allowed(email: str | None) -> bool:
    """Signup is open only to the company's own domains; closed when none are set."""
    domains = settings.BOEGBEELD_SIGNUP_DOMAINS
    if not domains or not email or "@" not in email:
        return False
    return email.rsplit("@", 1)[1].strip().lower() in domains


@dataclass(frozen=True)
class MailSite:
    """What account mails call the site: its name and the domain of its URL."""

    name: str
    domain: str


def mail_site() -> MailSite:
    return MailSite(
        name=settings.WAGTAIL_SITE_NAME,
        domain=urlsplit(settings.BOEGBEELD_SITE_URL).netloc,
    )


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        if not settings.BOEGBEELD_SIGNUP_DOMAINS:
            return False
        # The form has not been validated yet here; the domain itself is checked by
        # the sign-up form (accounts.forms.WorkEmailSignupForm) so that the visitor
        # gets a clear form error instead of a dead end. Not in the adapter's
        # clean_email: allauth runs that on every e-mail form, password reset too.
        return True

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any):
        # The language chosen on one device (kept on the profile) follows the
        # employee to every browser they sign in on.
        response = super().post_login(request, user, **kwargs)
        profile = getattr(user, "profile", None)
        if profile is not None and profile.preferred_language:
            language_remember(response, profile.preferred_language)
        return response

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth's mails greet "from" the current Site; without django.contrib.sites
        # that is the request's host ("Hello from 127.0.0.1:8000!").
        context = {"current_site": mail_site(), **context}
        super().send_mail(template_prefix, email, context)

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
