"""Keeps the per-process realtime caches honest whatever path a row is written through.

Only cache invalidations with no service of their own live here: the moderation
rules and feedback sources are also saved through their models (the moderation
page's form, the Django admin). Anything screens see (pushes, the newest-approved
marker) is sent by the services in `realtime.services`.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from realtime import services
from realtime.models import FeedbackSource, ModerationSettings


@receiver(post_save, sender=ModerationSettings, dispatch_uid="realtime-rules-saved")
@receiver(post_delete, sender=ModerationSettings, dispatch_uid="realtime-rules-gone")
def moderation_settings_changed(sender, **kwargs) -> None:
    # Now for this transaction's own reads, and after commit again in case
    # another request cached the old rules in between.
    services.moderation_rules_forget()
    transaction.on_commit(services.moderation_rules_forget)


@receiver(post_save, sender=FeedbackSource, dispatch_uid="realtime-source-saved")
@receiver(post_delete, sender=FeedbackSource, dispatch_uid="realtime-source-gone")
def feedback_source_changed(sender, instance: FeedbackSource, **kwargs) -> None:
    services.feedback_source_forget(instance.pk)
