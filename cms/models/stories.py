"""Stories: the shareable page, its topics and its per-network share texts."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from cms.blocks import StoryBodyBlock
from cms.models.campaigns import Campaign
from cms.page_forms import StoryPageForm
from core.network_labels import network_choices

# Open Graph wants a territory; these are the markets our languages are written for.
OG_LOCALES = {"nl": "nl_NL", "en": "en_GB"}
OG_IMAGE_SPEC = "fill-1200x630"
CARD_IMAGE_SPEC = "fill-640x360"


def default_story_language() -> str:
    """The company's language (BOEGBEELD_DEFAULT_LANGUAGE): most stories are in it."""
    return settings.BOEGBEELD_DEFAULT_LANGUAGE


class StoryTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.StoryPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class StoryPage(Page):
    """A shareable company story: what employees find in the library and share."""

    base_form_class = StoryPageForm

    intro = models.TextField(
        _("introduction"),
        max_length=300,
        help_text=_(
            "One or two sentences. Shown on cards and as the link preview text."
        ),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Used in link previews too; at least 1200×630 pixels works best."),
    )
    body = StreamField(StoryBodyBlock(), verbose_name=_("body"), blank=True)
    topics = ClusterTaggableManager(
        verbose_name=_("topics"), through=StoryTag, blank=True
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    audience_departments = ParentalManyToManyField(
        "accounts.Department",
        verbose_name=_("departments"),
        blank=True,
        related_name="stories",
    )
    audience_locations = ParentalManyToManyField(
        "accounts.Location",
        verbose_name=_("locations"),
        blank=True,
        related_name="stories",
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=default_story_language,
        db_index=True,
    )
    featured = models.BooleanField(
        _("featured"),
        default=False,
        help_text=_("Featured stories are shown first in the library."),
    )
    promotional = models.BooleanField(
        _("promotional"),
        default=False,
        help_text=_(
            "Promotes a product, an offer or a vacancy: employees must disclose "
            "their relationship with the company when they share it."
        ),
    )
    suggested_by = models.CharField(
        _("suggested by"),
        max_length=200,
        blank=True,
        help_text=_(
            "The colleague who suggested this story, shown on it. Filled in only "
            "when they agreed to be named; clear it to leave the name off."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("topics"),
                FieldPanel("campaign"),
                FieldPanel("language"),
                FieldPanel("featured"),
                FieldPanel("promotional"),
                FieldPanel("suggested_by"),
            ],
            heading=_("In the library"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("audience_departments", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audience_locations", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Audience"),
            help_text=_(
                "Leave both empty to show the story to everyone. Otherwise an "
                "employee sees it when their department or their location is ticked."
            ),
        ),
        InlinePanel(
            "share_texts",
            label=_("Share texts"),
            heading=_("Share texts per network"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.AutocompleteField("intro"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("language"),
        index.FilterField("featured"),
    ]

    parent_page_types = ["cms.StoryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    @property
    def og_locale(self) -> str:
        return OG_LOCALES.get(self.language, self.language)

    @cached_property
    def is_expired_now(self) -> bool:
        return self.expire_at is not None and self.expire_at <= timezone.now()

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Wagtail unpublishes expired pages only when `publish_scheduled` runs; a
        # shared link should stop working the moment the story expires.
        if self.is_expired_now:
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        """Adds what link previews need: absolute canonical and image URLs."""
        context = super().get_context(request, *args, **kwargs)
        context["canonical_url"] = self.get_full_url(request)
        context["topics"] = list(self.topics.all())
        site = Site.find_for_request(request)
        context["site_name"] = (
            site.site_name if site and site.site_name else settings.WAGTAIL_SITE_NAME
        )
        if self.hero_image_id:
            og_image = self.hero_image.get_rendition(OG_IMAGE_SPEC)
            context["og_image"] = og_image
            context["og_image_url"] = request.build_absolute_uri(og_image.url)
        return context

    @property
    def share_count(self) -> int:
        """Times shared, kept by `story_share_counted` outside the page's own row."""
        try:
            return self.stats.share_count
        except StoryStats.DoesNotExist:
            return 0

    def share_text_for(self, network: str) -> ShareText:
        """The share text comms wrote for `network`, or a generic one (intro + link).

        The generic one is unsaved; `is_fallback` tells them apart.
        """
        for share_text in self.share_texts.all():
            if share_text.network == network:
                return share_text
        url = self.full_url or ""
        return ShareText(
            page=self,
            network=network,
            text=f"{self.intro}\n\n{url}".strip(),
            hashtags="",
        )


class ShareText(Orderable):
    """What comms suggests an employee writes when sharing on one network."""

    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="share_texts")
    network = models.CharField(_("network"), max_length=20, choices=network_choices)
    text = models.TextField(
        _("suggested text"),
        help_text=_("Employees can change it before sharing."),
    )
    hashtags = models.CharField(
        _("hashtags"),
        max_length=200,
        blank=True,
        help_text=_("Separated by spaces, e.g. #werkenbij #klantenservice"),
    )

    panels = [FieldPanel("network"), FieldPanel("text"), FieldPanel("hashtags")]

    class Meta(Orderable.Meta):
        verbose_name = _("share text")
        verbose_name_plural = _("share texts")
        # The library's network filter asks "which stories have one for X".
        indexes = [
            models.Index(fields=["network", "page"], name="cms_suggestion_network")
        ]

    def __str__(self) -> str:
        return f"{self.get_network_display()}: {self.text[:40]}"

    @property
    def is_fallback(self) -> bool:
        return self.pk is None

    @property
    def hashtag_list(self) -> list[str]:
        return [
            tag if tag.startswith("#") else f"#{tag}"
            for tag in self.hashtags.replace(",", " ").split()
        ]


class StoryStats(models.Model):
    """Figures the sharing feature keeps about a story, apart from the page.

    Editing and publishing a page saves every page field (and restores old
    revisions); counters kept here are never overwritten by either.
    """

    story = models.OneToOneField(
        StoryPage, on_delete=models.CASCADE, primary_key=True, related_name="stats"
    )
    share_count = models.PositiveIntegerField(_("times shared"), default=0)

    class Meta:
        verbose_name = _("story figures")
        verbose_name_plural = _("story figures")

    def __str__(self) -> str:
        return f"{self.story_id}: {self.share_count}"
