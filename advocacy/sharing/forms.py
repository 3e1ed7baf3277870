"""Forms of the share composer and the analytics date range."""

from __future__ import annotations

import json
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advocacy.guidelines.checks import MAX_TEXT_LENGTH
from advocacy.sharing.analytics import Period
from core.network_labels import network_choices

MAX_RANGE_DAYS = 731
# 50 dismissals (the most kept) of rule, words and reason fit well within this.
MAX_DISMISSED_LENGTH = 100_000


class ShareForm(forms.Form):
    network = forms.ChoiceField(
        label=_("Network"),
        choices=network_choices,
        widget=forms.Select(attrs={"data-composer-network": ""}),
    )
    text = forms.CharField(
        label=_("Your post"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "data-composer-text": ""}),
        strip=False,
    )
    # Filled by the composer widget: JSON [{rule, match, reason}]; re-validated.
    dismissed = forms.CharField(
        required=False, widget=forms.HiddenInput(attrs={"data-composer-dismissed": ""})
    )

    def clean(self) -> dict:
        data = super().clean()
        if not _dismissals_readable(data.get("dismissed") or ""):
            self.add_error(
                None,
                forms.ValidationError(
                    _(
                        "The dismissed warnings could not be read. Reload the page "
                        "and try again."
                    ),
                    code="dismissed_unreadable",
                ),
            )
        return data


def _dismissals_readable(raw: str) -> bool:
    """JSON the parser can read (deep nesting exhausts it), of a sensible size."""
    if len(raw) > MAX_DISMISSED_LENGTH:
        return False
    try:
        json.loads(raw or "[]")
    except (ValueError, RecursionError):
        return False
    return True


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        end = data.get("end") or today
        start = data.get("start") or end - timedelta(days=29)
        if self.errors:
            return data
        if start > end:
            raise forms.ValidationError(_("“From” must be on or before “To”."))
        if (end - start).days >= MAX_RANGE_DAYS:
            raise forms.ValidationError(_("Choose a period of at most two years."))
        data["period"] = Period(start, end)
        return data

    def period(self) -> Period:
        """The chosen period; the last 30 days when nothing (valid) was chosen."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["period"]
        return Period.last_days(30)
