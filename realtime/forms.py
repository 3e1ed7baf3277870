from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Location
from realtime.models import Feedback, ModerationSettings, Screen


class FeedbackEntryForm(forms.Form):
    """Webcare staff typing in feedback that arrived by phone, mail or a chat."""

    text = forms.CharField(
        label=_("What did the customer say?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    author = forms.CharField(
        label=_("Customer name"),
        required=False,
        max_length=200,
        help_text=_("Screens show the first name and an initial only."),
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=Feedback.Channel.choices, initial="phone"
    )
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[("", _("No rating"))] + [(str(i), "★" * i) for i in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=Location.objects.all(),
        required=False,
        empty_label=_("All locations"),
    )


class ModerationSettingsForm(forms.ModelForm):
    class Meta:
        model = ModerationSettings
        fields = ["auto_approve", "min_rating", "require_rating", "block_profanity"]


class PairingConfirmForm(forms.ModelForm):
    """The code on the waiting screen plus how the new screen should be set up."""

    code = forms.CharField(
        label=_("Code shown on the screen"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )

    class Meta:
        model = Screen
        fields = ["name", "slug", "location", "language", "theme", "rotation_seconds"]


class EmergencyForm(forms.Form):
    text = forms.CharField(label=_("Message"), max_length=280)
    location = forms.ModelChoiceField(
        label=_("Show on"),
        queryset=Location.objects.all(),
        required=False,
        empty_label=_("All screens"),
    )
