"""Team-chat channels per audience and the messages sent to them; the record of
e-mails about new stories."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Orderable


@register_setting(icon="mail")
class ChannelSettings(ClusterableModel, BaseGenericSetting):
    """Where new stories are announced: one row per channel and audience."""

    panels = [InlinePanel("hooks", label=_("Channels"), heading=_("Channels"))]

    class Meta:
        verbose_name = _("Teams and Slack channels")


class ChannelHook(Orderable):
    """A Teams workflow or Slack incoming webhook for one audience.

    Without a department or location the channel is company-wide and gets stories
    meant for everyone; with one, it gets stories for everyone and for that group.
    """

    class Kind(models.TextChoices):
        SLACK = "slack", _("Slack incoming webhook")
        TEAMS = "teams", _("Microsoft Teams workflow webhook")

    settings = ParentalKey(
        ChannelSettings, on_delete=models.CASCADE, related_name="hooks"
    )
    name = models.CharField(_("channel"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    url = models.URLField(
        _("webhook address"),
        max_length=1000,
        validators=[URLValidator(schemes=["https", "http"])],
        help_text=_("The address the channel's webhook gave you; keep it secret."),
    )
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    location = models.ForeignKey(
        "accounts.Location",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location"),
    )
    enabled = models.BooleanField(_("send new stories"), default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("url"),
        FieldPanel("department"),
        FieldPanel("location"),
        FieldPanel("enabled"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("channel")

    def __str__(self) -> str:
        return self.name


class ChannelPost(models.Model):
    """One story announced in one channel: sent once, retried with backoff."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    hook = models.ForeignKey(
        ChannelHook,
        on_delete=models.CASCADE,
        related_name="posts",
        verbose_name=_("channel"),
    )
    story = models.ForeignKey(
        "cms.StoryPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("story"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("channel message")
        verbose_name_plural = _("channel messages")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["hook", "story"], name="one_post_per_story")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="post_due")]

    def __str__(self) -> str:
        return f"{self.story_id} → {self.hook_id}: {self.status}"


class DigestSent(models.Model):
    """A mail about new stories went to this user: a digest for a period (`week`
    holds the day the period starts), or the news of one story. Sent at most once."""

    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("weekly")
        DAILY = "daily", _("daily")
        STORY = "story", _("one story")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WEEKLY)
    week = models.DateField(help_text="Start of the period (Monday for weekly).")
    story = models.ForeignKey(
        "cms.StoryPage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "week"],
                condition=models.Q(story__isnull=True),
                name="unique_digest_period",
            ),
            models.UniqueConstraint(
                fields=["user", "story"],
                condition=models.Q(story__isnull=False),
                name="unique_story_mail",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.week}"
