"""Campaigns: snippets that group stories into a time-boxed push."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from core.contrast import readable_ink

hex_colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Use a colour like #0B5FFF.")
)


class Campaign(models.Model):
    """A time-boxed push that groups stories, e.g. "Werken bij" or a product launch."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#0B5FFF",
        validators=[hex_colour_validator],
        help_text=_("Shown as a chip on story cards, e.g. #0B5FFF."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    goal = models.TextField(
        _("goal"),
        blank=True,
        help_text=_("What this campaign should achieve, in one or two sentences."),
    )
    share_target = models.PositiveIntegerField(
        _("share target"),
        null=True,
        blank=True,
        help_text=_("How many shares would make this campaign a success."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("colour"),
        MultiFieldPanel(
            [FieldPanel("start_date"), FieldPanel("end_date")], heading=_("Period")
        ),
        FieldPanel("goal"),
        FieldPanel("share_target"),
    ]

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start_date", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The campaign cannot end before it starts.")}
            )

    @property
    def text_colour(self) -> str:
        """The ink with the better WCAG contrast ratio on the campaign colour."""
        return readable_ink(self.colour)
