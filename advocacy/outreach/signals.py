"""A story that goes live is announced in its audience's channels (after commit)."""

from functools import partial

from django.db import transaction
from wagtail.signals import page_published

from advocacy.outreach.services import channel_posts_queue
from cms.models import StoryPage


def _story_published(sender, instance, **kwargs) -> None:
    transaction.on_commit(partial(channel_posts_queue, story_id=instance.pk))


def connect() -> None:
    page_published.connect(
        _story_published, sender=StoryPage, dispatch_uid="outreach-story-published"
    )
