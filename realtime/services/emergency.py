"""Emergency messages: one message instead of the rotation, per scope."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import Location
from realtime import audit, broadcast, events
from realtime.audit import audit_log
from realtime.models import EmergencyMessage
from realtime.services.changes import EMERGENCY, screen_change_record


def _emergency_push(location_id: int | None) -> None:
    """Number the scope's change (see `services.changes`); push its state after
    commit."""
    seq = screen_change_record(
        kind=EMERGENCY, target=location_id or 0, location_id=location_id
    )
    current = (
        EmergencyMessage.objects.filter(active=True, location_id=location_id)
        .order_by("-id")
        .first()
    )
    group = (
        broadcast.ALL_SCREENS
        if location_id is None
        else broadcast.location_group(location_id)
    )
    broadcast.send_on_commit(
        [group], events.emergency_message(location_id, current, seq)
    )


@transaction.atomic
def emergency_set(
    *, text: str, location: Location | None = None, by=None
) -> EmergencyMessage:
    """Show one message instead of the rotation (replacing any in the same scope)."""
    now = timezone.now()
    location_id = location.pk if location else None
    EmergencyMessage.objects.filter(active=True, location_id=location_id).update(
        active=False, cleared_at=now
    )
    message = EmergencyMessage(text=text.strip(), location=location)
    message.full_clean()
    message.save()
    _emergency_push(location_id)
    audit_log(message, audit.EMERGENCY_SET, by=by)
    return message


@transaction.atomic
def emergency_clear(*, message: EmergencyMessage, by=None) -> None:
    EmergencyMessage.objects.filter(pk=message.pk).update(
        active=False, cleared_at=timezone.now()
    )
    _emergency_push(message.location_id)
    audit_log(message, audit.EMERGENCY_CLEARED, by=by)


@transaction.atomic
def emergency_delete(*, message: EmergencyMessage) -> None:
    """Delete a message; screens showing it go back to their rotation."""
    was_active = EmergencyMessage.objects.filter(pk=message.pk, active=True).exists()
    EmergencyMessage.objects.filter(pk=message.pk).delete()
    if was_active:
        _emergency_push(message.location_id)
