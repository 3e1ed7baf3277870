"""Forms of the advocacy app: suggesting a story and reviewing suggestions."""

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Location
from core.images import image_validate_and_clean
from core.sanitize import plain_text

IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,image/gif"


class SuggestionForm(forms.Form):
    """What an employee knows about a story worth telling.

    Parsing only: the service re-checks, sanitises and stores.
    """

    url = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=2000,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("An article, a post or one of our own pages."),
        widget=forms.URLInput(
            attrs={"placeholder": "https://", "inputmode": "url", "autocomplete": "url"}
        ),
    )
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    text = forms.CharField(
        label=_("The story in short"),
        required=False,
        max_length=10_000,
        help_text=_(
            "A few sentences. Blank lines start a new paragraph; links, bold and "
            "italics (in simple HTML) are kept."
        ),
        widget=forms.Textarea(attrs={"rows": 7, "data-composer-text": ""}),
    )
    why = forms.CharField(
        label=_("Why does it matter?"),
        required=False,
        max_length=2000,
        help_text=_("Who cares about this, and why now?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("Optional. JPEG, PNG, WebP or GIF, at most 5 MB."),
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments it suits"),
        queryset=Department.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    locations = forms.ModelMultipleChoiceField(
        label=_("Locations it suits"),
        queryset=Location.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    credit_consent = forms.BooleanField(
        label=_("Name me on the story as the colleague who suggested it"),
        required=False,
        help_text=_("Only if the story is published. Leave unticked to stay unnamed."),
    )

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        return image_validate_and_clean(upload, prefix="suggestion")

    def clean(self):
        cleaned = super().clean()
        url = cleaned.get("url")
        title = plain_text(cleaned.get("title"))
        text = plain_text(cleaned.get("text"))
        if not url and not (title and text) and not self.has_error("url"):
            raise forms.ValidationError(
                _("Give us a link, or a title and a short text (or both)."),
                code="incomplete",
            )
        return cleaned


class SuggestionAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SuggestionAcceptForm(forms.Form):
    points = forms.IntegerField(
        label=_("Points for the suggester"),
        min_value=0,
        max_value=1000,
        help_text=_("Thank the colleague: points count towards their impact."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["points"].initial = settings.BOEGBEELD_SUGGESTION_POINTS


class SuggestionRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        help_text=_("The colleague reads this in their mail and on their page."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SuggestionQuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Question"),
        max_length=2000,
        help_text=_("The colleague is mailed and can answer on their page."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
