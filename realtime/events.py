"""The websocket messages screens receive, built and encoded in one place.

Every broadcast is serialised to JSON text once; the group message carries that
text and each consumer forwards it untouched (see `broadcast.py`).

A message about a change carries the change's sequence number (`"seq"`, see
`services.changes`); the snapshot carries the newest number it includes, and
`synced` tells a screen it has every change up to its `seq`.
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


def _sequenced(message: dict, seq: int) -> dict:
    if seq:
        message["seq"] = seq
    return message


def message_seq(message: dict) -> int:
    """The sequence number a message carries (0: none)."""
    return message.get("seq", 0)


def feedback_message(feedback: Feedback, seq: int = 0) -> dict:
    return _sequenced({"type": "feedback", "item": feedback_item(feedback)}, seq)


def retract_message(feedback_id: int, seq: int = 0) -> dict:
    return _sequenced({"type": "retract", "id": feedback_id}, seq)


def emergency_message(
    location_id: int | None, current: EmergencyMessage | None, seq: int = 0
) -> dict:
    """The state of one scope: its active message, or null once cleared."""
    message = {
        "type": "emergency",
        "scope": emergency_scope(location_id),
        "message": emergency_item(current) if current else None,
    }
    return _sequenced(message, seq)


def snapshot_message(
    items: list[Feedback], emergencies: list[EmergencyMessage], seq: int = 0
) -> dict:
    """`seq`: every change up to it is included (read before the items)."""
    return {
        "type": "snapshot",
        "items": [feedback_item(f) for f in items],
        "emergencies": [emergency_item(m) for m in emergencies],
        "seq": seq,
    }


def synced_message(seq: int) -> dict:
    """After a catch-up: the screen now has every change up to `seq`."""
    return {"type": "synced", "seq": seq}


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
