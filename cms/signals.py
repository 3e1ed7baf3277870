"""Keep cached library data honest: any change to stories or campaigns drops it."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from cms.models import Campaign, StoryPage
from cms.selectors import library_changed


def _library_changed(sender, **kwargs) -> None:
    library_changed()


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
    for name, signal in {"saved": post_save, "deleted": post_delete}.items():
        signal.connect(
            _library_changed, sender=Campaign, dispatch_uid=f"cms-campaign-{name}"
        )
