"""The admin form of a story page."""

from typing import Any

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.coreutils import find_available_slug
from wagtail.models import Page

from cms.languages import locale_for_language


class StoryPageForm(WagtailAdminPageForm):
    """A story never published takes the next free slug instead of failing.

    Wagtail 8 autosaves the create form: typing a title saves a real draft whose slug
    comes from the title. An editor who leaves the form leaves that draft behind, and
    a second try with the same title failed on the slug, whose field sits out of
    sight on the Promote tab. Until a story is first published its slug is no
    address anyone has, so it moves aside (as Wagtail's own copy does); a published
    story keeps Wagtail's rule.
    """

    slug_moved_to: str | None = None

    def clean(self) -> dict[str, Any]:
        language = self.cleaned_data.get("language")
        if language and self.instance.pk is None:
            # A new story's locale follows its language (on later publishes,
            # cms.services.story_locale_follow_language keeps it so).
            self.instance.locale = locale_for_language(language)
        slug = self.cleaned_data.get("slug")
        never_published = not self.instance.first_published_at
        if (
            slug
            and never_published
            and self.parent_page is not None
            and not Page._slug_is_available(slug, self.parent_page, self.instance)
        ):
            self.slug_moved_to = find_available_slug(
                self.parent_page, slug, ignore_page_id=self.instance.pk
            )
            self.cleaned_data["slug"] = self.slug_moved_to
        return super().clean()

    def get_field_updates_for_resave(self) -> list[tuple[str, str]]:
        # The autosave's answer tells the open form its slug, so the next save agrees.
        updates = list(super().get_field_updates_for_resave())
        if self.slug_moved_to:
            updates.append(("slug", self.slug_moved_to))
        return updates
