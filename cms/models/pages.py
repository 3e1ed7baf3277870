"""The page tree's frame: the site root and the folder stories live in."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site root. Visitors see a welcome; logged-in employees their library."""

    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("tagline"), FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StoryIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        if request.user.is_authenticated:
            # Imported here: the library reads through cms.selectors, which
            # imports these models.
            from cms.library import library_context

            context.update(library_context(request))
        return context

    def get_template(self, request: HttpRequest, *args, **kwargs) -> str:
        if request.user.is_authenticated and getattr(request, "htmx", False):
            return "cms/includes/library_results.html"
        return super().get_template(request, *args, **kwargs)

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().serve(request, *args, **kwargs)
        # The same URL answers with a full page or (for htmx) only the results.
        patch_vary_headers(response, ["HX-Request", "Cookie"])
        return response


class StoryIndexPage(Page):
    """The folder stories live in (their URLs read /stories/<slug>/).

    Employees browse stories in the library on the home page, so this page sends
    them there rather than keeping a second, unfiltered list.
    """

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.StoryPage"]

    class Meta:
        verbose_name = _("story index")

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return redirect(self.get_parent().get_url(request) or "/")
