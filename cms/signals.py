"""Keep cached library data honest: any change to stories or campaigns drops it."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from cms.models import Campaign, StoryPage
from cms.selectors import library_changed
from cms.services import story_locale_follow_language


def _library_changed(sender, **kwargs) -> None:
    library_changed()


def _story_published(sender, instance, **kwargs) -> None:
    # Every way a story gets published (editor, workflow, schedule) passes here;
    # the language is in the revision, the locale on the page row.
    story_locale_follow_language(story=instance)


def connect() -> None:
    story_signals = {
        "published": page_published,
        "unpublished": page_unpublished,
        "deleted": post_delete,
    }
    for name, signal in story_signals.items():
        signal.connect(
            _library_changed, sender=StoryPage, dispatch_uid=f"cms-story-{name}"
        )
    page_published.connect(
        _story_published, sender=StoryPage, dispatch_uid="cms-story-locale"
    )
    for name, signal in {"saved": post_save, "deleted": post_delete}.items():
        signal.connect(
            _library_changed, sender=Campaign, dispatch_uid=f"cms-campaign-{name}"
        )
