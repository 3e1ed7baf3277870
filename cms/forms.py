"""Forms of the story library (filters arrive as GET parameters)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.network_labels import network_choices


class LibraryFilterForm(forms.Form):
    """Search and filters. Unknown values are ignored rather than shown as errors:
    a stale bookmarked link should still open the library."""

    q = forms.CharField(
        label=_("Search stories"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(
            attrs={"placeholder": _("Search stories…"), "autocomplete": "off"}
        ),
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    campaign = forms.ChoiceField(label=_("Campaign"), required=False)
    network = forms.ChoiceField(label=_("Network"), required=False)

    def __init__(self, *args, topics=(), campaigns=(), **kwargs):
        """`topics` and `campaigns` are (slug, name) pairs."""
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [
            ("", _("Topic")),
            *topics,
        ]
        self.fields["campaign"].choices = [
            ("", _("Campaign")),
            *campaigns,
        ]
        self.fields["network"].choices = [("", _("Network")), *network_choices()]

    def filters(self) -> dict[str, str]:
        """The valid, non-empty filters; invalid ones are dropped one by one."""
        self.is_valid()
        values = {}
        for name in ("q", "topic", "campaign", "network"):
            if name in self.errors:
                continue
            value = self.cleaned_data.get(name)
            if value:
                values[name] = value
        return values


class StoryVersionCreateForm(forms.Form):
    """Which language to make a version of a story in."""

    language = forms.ChoiceField(label=_("Language"))

    def __init__(self, *args, languages=(), **kwargs):
        """`languages` are (code, name) pairs the story has no version in yet."""
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = list(languages)


class StoryVersionLinkForm(forms.Form):
    """Which existing story is the same story in another language."""

    other = forms.TypedChoiceField(label=_("Story"), coerce=int)

    def __init__(self, *args, stories=(), **kwargs):
        """`stories` are (pk, label) pairs of stories in other languages."""
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = list(stories)
