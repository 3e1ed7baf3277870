"""A story that goes live is announced in its audience's channels and mailed to
whoever wants to hear right away (after commit)."""

from functools import partial

from django.db import transaction
from wagtail.signals import page_published

from advocacy.outreach.services import channel_posts_queue
from advocacy.sharing.tasks import send_story_mails
from cms.models import StoryPage


def _story_published(sender, instance, **kwargs) -> None:
    transaction.on_commit(partial(channel_posts_queue, story_id=instance.pk))
    # Whoever wants to hear of new stories right away (a task: many e-mails).
    transaction.on_commit(partial(send_story_mails.enqueue, instance.pk))


def connect() -> None:
    page_published.connect(
        _story_published, sender=StoryPage, dispatch_uid="outreach-story-published"
    )
