from allauth.account.forms import SignupForm
from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.adapters import email_domain_allowed
from accounts.models import Profile
from core.network_labels import network_choices


class WorkEmailSignupForm(SignupForm):
    """Sign-up only with an address at one of the company's domains.

    The rule lives here and not in the adapter's `clean_email`, which allauth also
    runs for password resets and e-mail changes of existing accounts.
    """

    def clean_email(self) -> str:
        email = super().clean_email()
        if not email_domain_allowed(email):
            raise forms.ValidationError(
                _("Sign up with your work email address (%(domains)s).")
                % {
                    "domains": ", ".join(
                        "@" + d for d in settings.BOEGBEELD_SIGNUP_DOMAINS
                    )
                }
            )
        return email


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = [
            "display_name",
            "department",
            "location",
            "preferred_language",
            "share_networks",
            "mastodon_instance",
            "leaderboard_opt_in",
            "new_stories",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        model_field = Profile._meta.get_field("share_networks")
        self.fields["share_networks"] = forms.MultipleChoiceField(
            label=capfirst(model_field.verbose_name),
            help_text=model_field.help_text,
            choices=network_choices(),
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )

    def clean_share_networks(self) -> list[str]:
        # Kept in the registry's order, whatever order the browser sent.
        chosen = set(self.cleaned_data["share_networks"])
        return [code for code, _label in network_choices() if code in chosen]

    def clean_mastodon_instance(self) -> str:
        value = self.cleaned_data["mastodon_instance"].strip().lower()
        for prefix in ("https://", "http://"):
            value = value.removeprefix(prefix)
        value = value.strip("/")
        if value and ("/" in value or "." not in value or " " in value):
            raise forms.ValidationError(
                _("Enter just the server name, for example mastodon.social.")
            )
        return value


class EraseConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that my account and my personal data are erased for good."
        ),
        required=True,
        error_messages={"required": _("Tick the box to confirm.")},
    )
