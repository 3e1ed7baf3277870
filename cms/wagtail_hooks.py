"""Admin wiring: the Campaign snippet, the comms dashboard panel, and the story
editor's language warning."""

from datetime import timedelta

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.models import Revision
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms import views
from cms.models import Campaign, ContentSource, StoryPage


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    icon = "tag"
    menu_label = _("Campaigns")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "start_date", "end_date", "share_target"]
    search_fields = ["name", "goal"]
    ordering = ["-start_date", "name"]


register_snippet(CampaignViewSet)


class ContentSourceViewSet(SnippetViewSet):
    """Feeds whose new entries become draft stories; the last check's outcome shows."""

    model = ContentSource
    icon = "link-external"
    menu_label = _("Content sources")
    menu_order = 215
    add_to_admin_menu = True
    list_display = ["name", "url", "enabled", "last_checked_at", "last_result"]
    list_filter = ["enabled", "failing"]
    search_fields = ["name", "url"]


register_snippet(ContentSourceViewSet)


def stories_this_week(*, now=None) -> dict[str, list[tuple]]:
    """Stories that go live or expire in the coming seven days, as (date, story).

    A story scheduled from the editor keeps its date on the approved revision
    (`approved_go_live_at`); a page never published yet also carries it itself.
    """
    now = now or timezone.now()
    week = (now, now + timedelta(days=7))
    when: dict[int, object] = {
        int(object_id): go_live_at
        for object_id, go_live_at in Revision.page_revisions.filter(
            approved_go_live_at__range=week
        ).values_list("object_id", "approved_go_live_at")
    }
    for pk, go_live_at in StoryPage.objects.filter(
        live=False, go_live_at__range=week
    ).values_list("pk", "go_live_at"):
        when.setdefault(pk, go_live_at)
    stories = StoryPage.objects.filter(pk__in=when).defer_streamfields()
    going_live = sorted(
        ((when[story.pk], story) for story in stories), key=lambda item: item[0]
    )
    expiring = [
        (story.expire_at, story)
        for story in StoryPage.objects.live()
        .filter(expire_at__range=week)
        .defer_streamfields()
        .order_by("expire_at", "title")
    ]
    return {"going_live": going_live, "expiring": expiring}


class StoriesThisWeekPanel(Component):
    name = "stories_this_week"
    template_name = "cms/admin/stories_this_week_panel.html"
    order = 120

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(stories_this_week())
        return context


@hooks.register("construct_homepage_panels")
def add_stories_this_week_panel(request, panels) -> None:
    if request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(StoriesThisWeekPanel())


@hooks.register("register_admin_urls")
def story_language_urls():
    return [
        path(
            "stories/language-check/",
            views.story_language_check,
            name="cms_story_language_check",
        ),
        path("calendar/", views.content_calendar, name="cms_content_calendar"),
        path(
            "stories/<int:page_id>/versions/",
            views.story_versions,
            name="cms_story_versions",
        ),
    ]


@hooks.register("register_admin_menu_item")
def content_calendar_menu_item():
    return MenuItem(
        _("Calendar"), reverse("cms_content_calendar"), icon_name="date", order=205
    )


@hooks.register("register_page_header_buttons")
def story_versions_button(page, user, view_name, next_url=None):
    """Language versions of a story are linked stories, beside each other in the
    tree (one library, one address scheme), so Wagtail's own "Translate" (which
    copies a page into a separate tree per locale) does not fit; this does."""
    if (
        issubclass(page.specific_class, StoryPage)
        and page.permissions_for_user(user).can_edit()
    ):
        yield Button(
            _("Language versions"),
            reverse("cms_story_versions", args=[page.pk]),
            icon_name="globe",
            priority=60,
        )


@hooks.register("insert_editor_js")
def story_language_js():
    return format_html(
        '<script id="story-language-js" src="{}" data-url="{}" defer></script>',
        static("cms/story_language.js"),
        reverse("cms_story_language_check"),
    )
