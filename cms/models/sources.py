"""Content sources: the company's feeds, whose new entries become draft stories."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class ContentSource(ClusterableModel):
    """A feed or sitemap of a newsroom, blog or careers site, polled by the worker."""

    class Kind(models.TextChoices):
        FEED = "feed", _("RSS or Atom feed")
        SITEMAP = "sitemap", _("Sitemap (new pages become stories)")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.FEED
    )
    url = models.URLField(
        _("address"),
        max_length=2000,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_(
            "The feed (e.g. https://www.example.com/news/feed.xml) or the sitemap "
            "(e.g. https://www.example.com/sitemap.xml)."
        ),
    )
    enabled = models.BooleanField(_("check this source"), default=True)
    interval_minutes = models.PositiveIntegerField(
        _("check every (minutes)"), default=60, validators=[MinValueValidator(5)]
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("For entries whose feed does not say. Empty: the site's language."),
    )
    audience_departments = ParentalManyToManyField(
        "accounts.Department", blank=True, verbose_name=_("departments")
    )
    audience_locations = ParentalManyToManyField(
        "accounts.Location", blank=True, verbose_name=_("locations")
    )
    topics = models.CharField(
        _("topics"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated topics every imported story gets."),
    )
    # Kept for the conditional GET of the next check.
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_checked_at = models.DateTimeField(
        _("last checked"), null=True, blank=True, editable=False
    )
    last_imported_at = models.DateTimeField(
        _("last new story"), null=True, blank=True, editable=False
    )
    last_result = models.CharField(
        _("last result"), max_length=500, blank=True, editable=False
    )
    failing = models.BooleanField(_("failing"), default=False, editable=False)
    imported_count = models.PositiveIntegerField(
        _("stories imported"), default=0, editable=False
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("url"),
        FieldPanel("enabled"),
        FieldPanel("interval_minutes"),
        MultiFieldPanel(
            [
                FieldPanel("language"),
                FieldPanel("audience_departments"),
                FieldPanel("audience_locations"),
                FieldPanel("topics"),
            ],
            heading=_("Imported stories get"),
        ),
    ]

    class Meta:
        verbose_name = _("content source")
        verbose_name_plural = _("content sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def is_due(self, now=None) -> bool:
        now = now or timezone.now()
        if not self.enabled:
            return False
        if self.last_checked_at is None:
            return True
        return (
            now - self.last_checked_at
        ).total_seconds() >= self.interval_minutes * 60

    def topic_names(self) -> list[str]:
        return [t.strip() for t in self.topics.split(",") if t.strip()][:10]


class ImportedEntry(models.Model):
    """A feed entry already turned into a draft: never imported twice."""

    source = models.ForeignKey(
        ContentSource, on_delete=models.CASCADE, related_name="entries"
    )
    guid = models.CharField(max_length=500)
    url = models.URLField(max_length=2000, blank=True, db_index=True)
    page = models.ForeignKey(
        "cms.StoryPage", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["source", "guid"], name="unique_entry_per_source"
            )
        ]

    def __str__(self) -> str:
        return self.guid
