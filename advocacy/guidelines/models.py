"""What the guidelines are: settings per rule, quiet periods, term lists, dismissals."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Orderable

from advocacy.guidelines.engine import (
    DEFAULT_DISCLOSURE_PATTERNS_BY_LANGUAGE,
    DEFAULT_DISCLOSURE_SENTENCES,
    RULES,
)
from advocacy.guidelines.engine.types import TERM_LISTS

SEVERITY_CHOICES = [
    ("block", _("Block: cannot be shared")),
    ("warn", _("Warn: can be dismissed with a reason")),
    ("info", _("Info: a tip")),
]
TERM_LIST_CHOICES = [
    ("confidential", _("Confidential (codenames, unreleased products, clients)")),
    ("claims", _("Forbidden claims")),
    ("financial", _("Financial (quiet periods only)")),
    ("competitor", _("Competitors")),
    ("profanity", _("Profanity")),
    ("inclusive", _("Inclusive language")),
]
assert {code for code, _label in TERM_LIST_CHOICES} == set(TERM_LISTS)  # noqa: S101


def rule_choices() -> list[tuple[str, str]]:
    return [
        (rule_id, f"{rule_id} — {spec.title_en}") for rule_id, spec in RULES.items()
    ]


def lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


@register_setting(icon="warning")
class GuidelineSettings(ClusterableModel, BaseGenericSetting):
    """The company's social media guidelines, as the engine applies them."""

    company_name = models.CharField(
        _("company name"),
        max_length=100,
        blank=True,
        help_text=_("Used in disclosure patterns such as “I work at {company}”."),
    )
    disclosure_sentence_nl = models.CharField(
        _("disclosure sentence (Dutch)"),
        max_length=200,
        blank=True,
        default=DEFAULT_DISCLOSURE_SENTENCES["nl"],
        help_text=_(
            "Added to suggested texts and offered as a fix for Dutch posts. "
            "{company} is replaced by the company name. Empty: the default."
        ),
    )
    disclosure_patterns_nl = models.TextField(
        _("disclosure patterns (Dutch)"),
        blank=True,
        default="\n".join(DEFAULT_DISCLOSURE_PATTERNS_BY_LANGUAGE["nl"]),
        help_text=_(
            "One per line. {company} is replaced by the company name. A promotional "
            "post must contain one of these (or one of another language)."
        ),
    )
    disclosure_sentence_en = models.CharField(
        _("disclosure sentence (English)"),
        max_length=200,
        blank=True,
        default=DEFAULT_DISCLOSURE_SENTENCES["en"],
        help_text=_(
            "Added to suggested texts and offered as a fix for English posts. "
            "{company} is replaced by the company name. Empty: the default."
        ),
    )
    disclosure_patterns_en = models.TextField(
        _("disclosure patterns (English)"),
        blank=True,
        default="\n".join(DEFAULT_DISCLOSURE_PATTERNS_BY_LANGUAGE["en"]),
        help_text=_(
            "One per line. {company} is replaced by the company name. A promotional "
            "post must contain one of these (or one of another language)."
        ),
    )
    disclosure_patterns = models.TextField(
        _("other disclosure patterns"),
        blank=True,
        default="",
        help_text=_("One per line, in any language; recognised in every post."),
    )
    allowed_link_domains = models.TextField(
        _("allowed link domains"),
        blank=True,
        help_text=_("One domain per line; links elsewhere get a warning. Empty: any."),
    )
    instagram_hashtag_cap = models.PositiveSmallIntegerField(
        _("Instagram hashtag cap"), default=30
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("company_name"),
        MultiFieldPanel(
            [
                FieldPanel("disclosure_sentence_nl"),
                FieldPanel("disclosure_patterns_nl"),
                FieldPanel("disclosure_sentence_en"),
                FieldPanel("disclosure_patterns_en"),
                FieldPanel("disclosure_patterns"),
            ],
            heading=_("Saying you work here"),
        ),
        FieldPanel("allowed_link_domains"),
        FieldPanel("instagram_hashtag_cap"),
    ]
    rule_panels = [InlinePanel("rule_settings", heading=_("Rules"), label=_("Rule"))]
    period_panels = [
        InlinePanel("quiet_periods", heading=_("Quiet periods"), label=_("Period"))
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(panels, heading=_("Company")),
            ObjectList(rule_panels, heading=_("Rules")),
            ObjectList(period_panels, heading=_("Quiet periods")),
        ]
    )

    class Meta:
        verbose_name = _("social media guidelines")

    def disclosure_pattern_lines(self, first: str = "nl") -> list[str]:
        """Every disclosure pattern, of all languages (any of them will do), those
        of language `first` first."""
        by_language = {
            "nl": lines(self.disclosure_patterns_nl),
            "en": lines(self.disclosure_patterns_en),
        }
        ordered = [by_language.pop(first, []), *by_language.values()]
        found = [p for patterns in ordered for p in patterns]
        return list(dict.fromkeys([*found, *lines(self.disclosure_patterns)]))

    def disclosure_sentences(self) -> dict[str, str]:
        """The disclosure sentence per language code."""
        return {
            "nl": self.disclosure_sentence_nl.strip()
            or DEFAULT_DISCLOSURE_SENTENCES["nl"],
            "en": self.disclosure_sentence_en.strip()
            or DEFAULT_DISCLOSURE_SENTENCES["en"],
        }

    def clean(self) -> None:
        super().clean()
        for name in ("disclosure_sentence_nl", "disclosure_sentence_en"):
            value = getattr(self, name).strip()
            if value and len(value) < 5:
                raise ValidationError({name: _("Write a whole sentence.")})


class RuleSetting(Orderable):
    """Switch a rule off, change its severity or its message."""

    settings = ParentalKey(
        GuidelineSettings, on_delete=models.CASCADE, related_name="rule_settings"
    )
    # Choices come from the engine's registry at form time, so a new rule in the
    # engine needs no migration.
    rule = models.CharField(_("rule"), max_length=40)
    enabled = models.BooleanField(_("enabled"), default=True)
    severity = models.CharField(
        _("severity"),
        max_length=8,
        choices=SEVERITY_CHOICES,
        blank=True,
        help_text=_("Empty: the rule's default."),
    )
    message_nl = models.CharField(_("message (Dutch)"), max_length=300, blank=True)
    message_en = models.CharField(_("message (English)"), max_length=300, blank=True)

    panels = [
        FieldPanel("rule", widget=forms.Select(choices=rule_choices)),
        FieldPanel("enabled"),
        FieldPanel("severity"),
        FieldPanel("message_nl"),
        FieldPanel("message_en"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("rule setting")
        constraints = [
            models.UniqueConstraint(
                fields=["settings", "rule"], name="unique_rule_setting"
            )
        ]

    def __str__(self) -> str:
        return self.rule

    def clean(self) -> None:
        if self.rule not in RULES:
            raise ValidationError({"rule": _("Unknown rule.")})


class QuietPeriod(Orderable):
    settings = ParentalKey(
        GuidelineSettings, on_delete=models.CASCADE, related_name="quiet_periods"
    )
    label = models.CharField(_("label"), max_length=100, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    panels = [FieldPanel("label"), FieldPanel("start"), FieldPanel("end")]

    class Meta(Orderable.Meta):
        verbose_name = _("quiet period")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="quiet_period_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.start} – {self.end})"


class GuidelineTerm(models.Model):
    """A word or phrase a rule looks for. Comms staff edit these as snippets."""

    list = models.CharField(_("list"), max_length=20, choices=TERM_LIST_CHOICES)
    text = models.CharField(_("term"), max_length=200)
    severity = models.CharField(
        _("severity"),
        max_length=8,
        choices=SEVERITY_CHOICES,
        blank=True,
        help_text=_("Empty: the rule's default."),
    )
    sureness = models.CharField(
        _("sureness"),
        max_length=8,
        choices=[("sure", _("Sure")), ("maybe", _("Maybe"))],
        default="sure",
        help_text=_("Profanity: only sure terms block; maybe terms warn."),
    )
    replacement = models.CharField(
        _("suggested alternative"), max_length=200, blank=True
    )
    note = models.CharField(_("why"), max_length=300, blank=True)
    locale = models.CharField(
        _("language"),
        max_length=5,
        blank=True,
        choices=[("", _("Any")), *settings.LANGUAGES],
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("list"),
        FieldPanel("text"),
        MultiFieldPanel(
            [FieldPanel("severity"), FieldPanel("sureness"), FieldPanel("locale")],
            heading=_("How strict"),
        ),
        FieldPanel("replacement"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("guideline term")
        verbose_name_plural = _("guideline terms")
        ordering = ["list", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["list", "text"], name="unique_term_per_list"
            )
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.get_list_display()})"


class GuidelineDismissal(models.Model):
    """A warning an employee chose to ignore, and why (kept for comms staff)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="guideline_dismissals",
    )
    rule = models.CharField(max_length=40)
    match = models.CharField(max_length=200, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    network = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.rule}: {self.reason[:40]}"
