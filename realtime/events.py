"""The websocket messages screens receive, built and encoded in one place.

Every broadcast is serialised to JSON text once; the group message carries that
text and each consumer forwards it untouched (see `broadcast.py`).
"""

import json

from realtime.models import EmergencyMessage, Feedback


def encode(message: dict) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def feedback_item(feedback: Feedback) -> dict:
    return {
        "id": feedback.pk,
        "text": feedback.text,
        "author": feedback.author,
        "channel": feedback.channel,
        "rating": feedback.rating,
        "received_at": feedback.received_at.isoformat(),
    }


def emergency_scope(location_id: int | None) -> str:
    """Screens keep one emergency slot per scope: all screens, or one location."""
    return "all" if location_id is None else f"loc-{location_id}"


def emergency_item(message: EmergencyMessage) -> dict:
    return {
        "id": message.pk,
        "text": message.text,
        "scope": emergency_scope(message.location_id),
    }


def feedback_message(feedback: Feedback) -> dict:
    return {"type": "feedback", "item": feedback_item(feedback)}


def retract_message(feedback_id: int) -> dict:
    return {"type": "retract", "id": feedback_id}


def emergency_message(
    location_id: int | None, current: EmergencyMessage | None
) -> dict:
    """The state of one scope: its active message, or null once cleared."""
    return {
        "type": "emergency",
        "scope": emergency_scope(location_id),
        "message": emergency_item(current) if current else None,
    }


def snapshot_message(
    items: list[Feedback], emergencies: list[EmergencyMessage]
) -> dict:
    return {
        "type": "snapshot",
        "items": [feedback_item(f) for f in items],
        "emergencies": [emergency_item(m) for m in emergencies],
    }


def reload_message() -> dict:
    return {"type": "reload"}


# A screen whose access is withdrawn gets this and closes its socket with `code`:
# 4401 (its token was replaced) or 4403 (switched off or deleted). The hub and
# the consumer recognise it by its encoded start, without decoding each push.
REVOKE_PREFIX = '{"type":"revoke",'


def revoke_message(code: int) -> dict:
    return {"type": "revoke", "code": code}


def revoke_code(text: str) -> int | None:
    """The close code if `text` is an encoded revoke message, else None."""
    if not text.startswith(REVOKE_PREFIX):
        return None
    code = json.loads(text).get("code")
    return code if isinstance(code, int) else None
