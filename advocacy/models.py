"""The act of sharing and its rules: guideline settings and term lists."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
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

from advocacy.guidelines import DEFAULT_DISCLOSURE_PATTERNS, RULES
from advocacy.guidelines.types import TERM_LISTS

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
    disclosure_patterns = models.TextField(
        _("disclosure patterns"),
        blank=True,
        default="\n".join(DEFAULT_DISCLOSURE_PATTERNS),
        help_text=_(
            "One per line. {company} is replaced by the company name. A promotional "
            "post must contain one of these."
        ),
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
        FieldPanel("disclosure_patterns"),
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
    suggestion = models.CharField(
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
        FieldPanel("suggestion"),
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


# --- suggestions ---
class Suggestion(models.Model):
    """A story an employee proposes; comms staff accept, reject or ask about it."""

    class Status(models.TextChoices):
        NEW = "new", _("Waiting for review")
        QUESTION = "question", _("Question for you")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Not taken up")

    suggester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="story_suggestions",
        verbose_name=_("suggested by"),
    )
    url = models.URLField(
        _("link"),
        max_length=2000,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    # Sanitised HTML (advocacy.sanitize.sanitize_html), never raw input.
    text = models.TextField(_("text"), blank=True)
    why = models.TextField(_("why it matters"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    audience_departments = models.ManyToManyField(
        "accounts.Department",
        blank=True,
        related_name="+",
        verbose_name=_("departments"),
    )
    audience_locations = models.ManyToManyField(
        "accounts.Location",
        blank=True,
        related_name="+",
        verbose_name=_("offices"),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.NEW,
        db_index=True,
    )
    rejection_reason = models.TextField(_("reason"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("story"),
    )
    points_awarded = models.PositiveIntegerField(_("points awarded"), default=0)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("story suggestion")
        verbose_name_plural = _("story suggestions")
        ordering = ["-created_at", "-pk"]
        default_permissions = ()
        permissions = [("review_suggestion", _("Can review story suggestions"))]
        indexes = [
            models.Index(
                fields=["suggester", "created_at"], name="suggestion_user_recent"
            ),
            models.Index(fields=["status", "created_at"], name="suggestion_queue"),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.url or gettext("Suggestion %(id)s") % {"id": self.pk}

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.QUESTION)


class SuggestionMessage(models.Model):
    """A question from comms staff or the suggester's answer, in order."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        ANSWER = "answer", _("Answer")

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("suggestion message")
        ordering = ["created_at", "pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


# --- sharing ---
from wagtail.admin.forms import WagtailAdminModelForm  # noqa: E402


class Share(models.Model):
    """One employee sharing one story on one network, with its tracked link.

    The text is what the employee posted (after the server's guideline check);
    department, office and campaign are copied at share time so the figures of
    a past month do not move when someone changes team.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="shares",
        verbose_name=_("employee"),
    )
    story = models.ForeignKey(
        "cms.StoryPage",
        on_delete=models.SET_NULL,
        null=True,
        related_name="shares",
        verbose_name=_("story"),
    )
    network = models.CharField(_("network"), max_length=20)
    text = models.TextField(_("text"))
    code = models.CharField(_("link code"), max_length=16, unique=True)
    # {"counts": {"block": 0, "warn": 1, "info": 0}, "rules": ["Tone.Shouting"]}
    guideline_report = models.JSONField(_("guideline check"), default=dict, blank=True)
    # [{"rule", "match", "reason"}], only warnings the final text really had.
    dismissed_warnings = models.JSONField(
        _("dismissed warnings"), default=list, blank=True
    )
    # Set when the text was (nearly) the suggestion or what colleagues wrote.
    nudge = models.CharField(
        _("authenticity nudge"),
        max_length=12,
        blank=True,
        choices=[
            ("suggestion", _("Close to the suggested text")),
            ("colleagues", _("Close to what colleagues posted")),
        ],
    )
    campaign = models.ForeignKey(
        "cms.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    location = models.ForeignKey(
        "accounts.Location",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("shared at"), default=timezone.now)

    class Meta:
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("view_analytics", _("Can view sharing analytics (group figures only)"))
        ]
        indexes = [
            models.Index(fields=["user", "created_at"], name="share_user_recent"),
            models.Index(fields=["story", "created_at"], name="share_story_recent"),
            models.Index(fields=["created_at"], name="share_created"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.network} ({self.code})"

    @property
    def network_label(self) -> str:
        from advocacy.intents import NETWORK_LABELS

        return NETWORK_LABELS.get(self.network, self.network)


class ClickVisitor(models.Model):
    """A salted, daily-rotating visitor hash: counts a visitor once per link a day.

    Holds no IP address or user agent, only sha256(daily salt + IP + UA + code);
    the salt is deleted after its day, after which rows cannot be linked to
    anyone, and the rows themselves are deleted too.
    """

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    visitor = models.CharField(max_length=32)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["share", "day", "visitor"], name="unique_click_visitor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.share_id} {self.day}"


class ClickDaily(models.Model):
    """Unique visitors per tracked link per day (the source of all click figures)."""

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="clicks")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["share", "day"], name="unique_click_day")
        ]
        indexes = [models.Index(fields=["day"], name="clickdaily_day")]

    def __str__(self) -> str:
        return f"{self.share_id} {self.day}: {self.count}"


class ClickSalt(models.Model):
    """Today's random salt for visitor hashes; yesterday's is deleted."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return str(self.day)


class ClickFlush(models.Model):
    """A Redis click batch already added to ClickDaily: makes flushing idempotent."""

    batch = models.CharField(max_length=64, unique=True)
    clicks = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return self.batch


class ShareDaily(models.Model):
    """Rollup: shares made and clicks earned per day, per group of dimensions.

    Rebuilt per day by `analytics.rollup_day` from Share and ClickDaily, so the
    dashboard reads a few thousand rows instead of every share and click.
    """

    day = models.DateField()
    network = models.CharField(max_length=20)
    story = models.ForeignKey(
        "cms.StoryPage", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    campaign = models.ForeignKey(
        "cms.Campaign", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    location = models.ForeignKey(
        "accounts.Location", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    shares = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        default_permissions = ()
        indexes = [models.Index(fields=["day"], name="sharedaily_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.network}: {self.shares}/{self.clicks}"


class PointEntry(models.Model):
    """One line in the points ledger; a user's points are the sum of theirs."""

    class Kind(models.TextChoices):
        SHARE = "share", _("Share")
        CLICKS = "clicks", _("Clicks")
        SUGGESTION = "suggestion", _("Accepted suggestion")
        ADJUSTMENT = "adjustment", _("Adjustment")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="point_entries",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount = models.IntegerField(_("points"))
    share = models.ForeignKey(
        Share, on_delete=models.CASCADE, null=True, blank=True, related_name="points"
    )
    suggestion = models.ForeignKey(
        Suggestion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # For click points: the day the clicks were made (one entry per share a day).
    day = models.DateField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "kind"], name="points_user_kind")]
        constraints = [
            models.UniqueConstraint(
                fields=["share"],
                condition=models.Q(kind="share"),
                name="points_once_per_share",
            ),
            models.UniqueConstraint(
                fields=["share", "day"],
                condition=models.Q(kind="clicks"),
                name="points_clicks_per_share_day",
            ),
            models.UniqueConstraint(
                fields=["suggestion"],
                condition=models.Q(kind="suggestion"),
                name="points_once_per_suggestion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.amount:+d}"


class DigestSent(models.Model):
    """The weekly digest went to this user for this week (sent at most once)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    week = models.DateField(help_text="Monday of the ISO week.")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="unique_digest_week")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.week}"


def _network_choices() -> list[tuple[str, str]]:
    from advocacy.intents import NETWORK_LABELS

    return list(NETWORK_LABELS.items())


class SharingSettingsForm(WagtailAdminModelForm):
    unrewarded_networks = forms.MultipleChoiceField(
        label=_("networks without rewards"),
        choices=_network_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Some networks' terms forbid incentives: no points there."),
    )


@register_setting(icon="pick")
class SharingSettings(BaseGenericSetting):
    """Points for sharing, and what a click is worth in earned media value."""

    points_enabled = models.BooleanField(
        _("reward sharing with points"),
        default=True,
        help_text=_(
            "Rewarded posts must disclose the relationship with the company, so "
            "employees are asked to add a disclosure when points are on."
        ),
    )
    points_per_share = models.PositiveIntegerField(_("points per share"), default=10)
    points_per_click = models.PositiveIntegerField(_("points per click"), default=1)
    click_points_cap = models.PositiveIntegerField(
        _("click points cap per share"),
        default=50,
        help_text=_("At most this many click points for one share."),
    )
    unrewarded_networks = models.JSONField(
        _("networks without rewards"),
        default=list,
        blank=True,
        help_text=_("Some networks' terms forbid incentives: no points there."),
    )
    cost_per_click = models.DecimalField(
        _("cost per click"),
        max_digits=8,
        decimal_places=2,
        default=0.75,
        help_text=_("What a paid click would cost; used for earned media value."),
    )
    currency = models.CharField(_("currency symbol"), max_length=5, default="€")

    base_form_class = SharingSettingsForm
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("points_enabled"),
                FieldPanel("points_per_share"),
                FieldPanel("points_per_click"),
                FieldPanel("click_points_cap"),
                FieldPanel("unrewarded_networks"),
            ],
            heading=_("Points"),
        ),
        MultiFieldPanel(
            [FieldPanel("cost_per_click"), FieldPanel("currency")],
            heading=_("Earned media value"),
        ),
    ]

    class Meta:
        verbose_name = _("sharing and points")

    def rewards(self, network: str) -> bool:
        return self.points_enabled and network not in (self.unrewarded_networks or [])
