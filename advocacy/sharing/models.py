"""Shares, their tracked links and clicks, points, figures and digests."""

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    MultiFieldPanel,
)
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from core.network_labels import network_choices, network_label
from core.networks import unrewarded_by_default


class ShareQuerySet(models.QuerySet):
    def handed_off(self) -> "ShareQuerySet":
        """Shares that left Boegbeeld: the only ones any figure counts."""
        return self.filter(handed_off_at__isnull=False)


class Share(models.Model):
    """One employee sharing one story on one network, with its tracked link.

    Submitting the composer prepares a share (checked text, tracked link); it
    counts from the moment the employee hands the post off to the network
    (`handed_off_at`), never before. The text is what the employee posted (after
    the server's guideline check); department, location and campaign are copied
    when it is prepared, so the figures of a past month do not move when someone
    changes team.
    """

    class HandOff(models.TextChoices):
        INTENT = "intent", _("the network's share page")
        SHARE_SHEET = "share_sheet", _("the phone's share sheet")
        COPY = "copy", _("copied")

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
    created_at = models.DateTimeField(_("prepared at"), default=timezone.now)
    handed_off_at = models.DateTimeField(_("shared at"), null=True, blank=True)
    # Blank on shares handed off before the way was recorded.
    hand_off = models.CharField(
        _("handed off through"), max_length=12, choices=HandOff.choices, blank=True
    )
    # The first time a network's link-preview crawler fetched the tracked link.
    preview_fetched_at = models.DateTimeField(
        _("preview fetched at"), null=True, blank=True
    )
    preview_network = models.CharField(
        _("preview fetched by"), max_length=20, blank=True
    )
    preview_crawler = models.CharField(_("crawler"), max_length=40, blank=True)

    objects = ShareQuerySet.as_manager()

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
            # Holds what the analytics count people with: read from the index alone.
            models.Index(
                fields=["handed_off_at", "user", "department", "location"],
                name="share_handed_off_people",
            ),
            models.Index(
                fields=["user", "handed_off_at"], name="share_user_handed_off"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.network} ({self.code})"

    @property
    def network_label(self) -> str:
        return network_label(self.network)

    @property
    def preview_network_label(self) -> str:
        return network_label(self.preview_network) if self.preview_network else ""


class ClickVisitor(models.Model):
    """A salted, daily-rotating visitor hash: counts a visitor once per link a day.

    Holds no IP address or user agent, only sha256(daily salt + IP + phone or
    computer + code) (see `clicks.visitor_hash`);
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
        "advocacy.Suggestion",
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


class SharingSettingsForm(WagtailAdminModelForm):
    unrewarded_networks = forms.MultipleChoiceField(
        label=_("networks without rewards"),
        choices=network_choices,
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
    share_points_daily_cap = models.PositiveIntegerField(
        _("share points cap per day"),
        default=30,
        help_text=_(
            "At most this many points for sharing per person per day. A story "
            "earns share points once per network, however often it is shared."
        ),
    )
    unrewarded_networks = models.JSONField(
        _("networks without rewards"),
        default=unrewarded_by_default,
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
                FieldPanel("share_points_daily_cap"),
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
