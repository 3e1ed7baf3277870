"""Keeps the realtime caches honest whatever path a row is written through."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from realtime import latest, services
from realtime.models import Feedback, FeedbackSource, ModerationSettings


@receiver(post_save, sender=Feedback, dispatch_uid="realtime-latest-approved")
def feedback_saved(sender, instance: Feedback, **kwargs) -> None:
    # Services, the admin, imports: any approved row raises the marker that
    # tells heartbeating screens to look in the database (see latest.py).
    if instance.status == Feedback.Status.APPROVED:
        feedback_id = instance.pk
        transaction.on_commit(lambda: latest.mark_approved(feedback_id))


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
