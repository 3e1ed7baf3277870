"""Customer feedback: taking it in, approving it for the screens, hiding,
correcting and deleting it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Location
from realtime import audit, broadcast, events
from realtime.audit import audit_log
from realtime.masking import clean_feedback_text, display_author
from realtime.models import Feedback, FeedbackSource
from realtime.services.changes import (
    FEEDBACK,
    screen_change_insert_recorded,
    screen_change_record,
)
from realtime.services.moderation import auto_status


@dataclass(frozen=True)
class IngestResult:
    feedback: Feedback
    created: bool


def feedback_ingest(
    *,
    text: str,
    source: FeedbackSource | None = None,
    author: str = "",
    channel: str = Feedback.Channel.WEBCARE,
    rating: int | None = None,
    external_id: str = "",
    location: Location | None = None,
    received_at=None,
) -> IngestResult:
    """Store customer feedback (idempotent per source + external id).

    Approved-on-arrival feedback is pushed to the screens after commit.
    """
    external_id = (external_id or "").strip()
    # A repeat is recognised by the unique constraint on (source, external id)
    # when it is stored, not by a query before every first delivery.
    cleaned = clean_feedback_text(text)
    if not cleaned.text:
        raise ValidationError({"text": _("The text is empty after removing markup.")})
    feedback = Feedback(
        text=cleaned.text,
        author=display_author(author or ""),
        channel=channel or Feedback.Channel.WEBCARE,
        rating=rating,
        external_id=external_id,
        location=location,
        source=source,
        received_at=received_at or timezone.now(),
        status=auto_status(rating=rating, profanity=cleaned.profanity),
    )
    if feedback.status == Feedback.Status.APPROVED:
        feedback.moderated_at = feedback.received_at
    # Source and location are rows the caller just loaded: checking that they
    # exist would cost a query each for nothing.
    feedback.full_clean(exclude=["source", "location"], validate_constraints=False)
    try:
        seq = None
        if feedback.status == Feedback.Status.APPROVED:
            # On Postgres the row and its change go in together, in one statement.
            seq = screen_change_insert_recorded(
                feedback, kind=FEEDBACK, location_id=feedback.location_id
            )
        if seq is not None:
            _push_live(feedback, seq)
        else:
            with transaction.atomic():
                feedback.save()
                if feedback.status == Feedback.Status.APPROVED:
                    _feedback_live(feedback)
    except IntegrityError:
        # Stored before: by an earlier delivery or a concurrent one.
        if not (external_id and source is not None):
            raise
        existing = Feedback.objects.filter(
            source=source, external_id=external_id
        ).first()
        if existing is None:
            raise
        return IngestResult(existing, created=False)
    return IngestResult(feedback, created=True)


def _feedback_live(feedback: Feedback, *, moved: bool = False) -> None:
    """Number the change (see `services.changes`); after commit push the item to
    the screens that show it. An item that changed location is first taken off
    every screen: those of its old location must drop it."""
    seq = screen_change_record(
        kind=FEEDBACK,
        target=feedback.pk,
        location_id=feedback.location_id,
        moved=moved,
    )
    _push_live(feedback, seq, moved=moved)


def _push_live(feedback: Feedback, seq: int, *, moved: bool = False) -> None:
    """After commit, push change `seq` of the item to the screens that show it."""
    if moved:
        broadcast.send_on_commit(
            [broadcast.ALL_SCREENS], events.retract_message(feedback.pk, seq)
        )
    broadcast.send_on_commit(
        broadcast.feedback_groups(feedback.location_id),
        events.feedback_message(feedback, seq),
    )


def _feedback_off(feedback: Feedback) -> None:
    """Number the change; after commit take the item off every screen."""
    seq = screen_change_record(
        kind=FEEDBACK,
        target=feedback.pk,
        location_id=feedback.location_id,
        on_screens=False,
    )
    broadcast.send_on_commit(
        [broadcast.ALL_SCREENS], events.retract_message(feedback.pk, seq)
    )


@transaction.atomic
def feedback_approve(*, feedback: Feedback, by=None) -> Feedback:
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.status == Feedback.Status.APPROVED:
        return feedback
    feedback.status = Feedback.Status.APPROVED
    feedback.moderated_at = timezone.now()
    feedback.save(update_fields=["status", "moderated_at"])
    _feedback_live(feedback)
    audit_log(feedback, audit.FEEDBACK_APPROVED, by=by)
    return feedback


@transaction.atomic
def feedback_hide(*, feedback: Feedback, by=None) -> Feedback:
    """Hide an item; if screens may be showing it, take it off all of them now."""
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.status == Feedback.Status.HIDDEN:
        return feedback
    was_approved = feedback.status == Feedback.Status.APPROVED
    feedback.status = Feedback.Status.HIDDEN
    feedback.moderated_at = timezone.now()
    feedback.save(update_fields=["status", "moderated_at"])
    if was_approved:
        _feedback_off(feedback)
    audit_log(feedback, audit.FEEDBACK_HIDDEN, by=by)
    return feedback


@transaction.atomic
def feedback_edit(
    *,
    feedback: Feedback,
    text: str,
    author: str = "",
    channel: str = Feedback.Channel.WEBCARE,
    rating: int | None = None,
    location: Location | None = None,
) -> Feedback:
    """Correct an item's text or details; text and author are masked as on ingest.

    Screens showing an approved item get the new version at once.
    """
    cleaned = clean_feedback_text(text)
    if not cleaned.text:
        raise ValidationError({"text": _("The text is empty after removing markup.")})
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    moved = feedback.location_id != (location.pk if location else None)
    feedback.text = cleaned.text
    feedback.author = display_author(author or "")
    feedback.channel = channel or Feedback.Channel.WEBCARE
    feedback.rating = rating
    feedback.location = location
    feedback.full_clean(exclude=["source", "location"], validate_constraints=False)
    feedback.save(update_fields=["text", "author", "channel", "rating", "location"])
    if feedback.status == Feedback.Status.APPROVED:
        _feedback_live(feedback, moved=moved)
    return feedback


@transaction.atomic
def feedback_delete(*, feedback: Feedback) -> None:
    """Delete an item; if screens may be showing it, take it off all of them now."""
    feedback = Feedback.objects.select_for_update().filter(pk=feedback.pk).first()
    if feedback is None:
        return
    was_approved = feedback.status == Feedback.Status.APPROVED
    if was_approved:
        _feedback_off(feedback)  # its change row outlives it
    feedback.delete()
