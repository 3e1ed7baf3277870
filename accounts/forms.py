from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Profile


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = [
            "display_name",
            "department",
            "location",
            "preferred_language",
            "mastodon_instance",
            "leaderboard_opt_in",
            "weekly_digest",
        ]

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
