"""Every write in realtime; the only callers of `realtime.broadcast`.

One module per concern: `sources` (feedback sources and their tokens),
`moderation` (the auto-approve rules), `feedback` (ingest, approve, hide, edit,
delete), `screens` (screens, pairing, heartbeats, reloads), `emergency`
(emergency messages). Callers import the services from here.
"""

from realtime.services.emergency import (
    emergency_clear,
    emergency_delete,
    emergency_set,
)
from realtime.services.feedback import (
    IngestResult,
    feedback_approve,
    feedback_delete,
    feedback_edit,
    feedback_hide,
    feedback_ingest,
)
from realtime.services.moderation import moderation_rules, moderation_rules_forget
from realtime.services.screens import (
    PAIRING_TTL,
    screen_create,
    screen_delete,
    screen_heartbeat,
    screen_pairing_collect,
    screen_pairing_confirm,
    screen_pairing_start,
    screen_pairing_state,
    screen_reload,
    screen_revoke,
    screen_token_rotate,
    screen_update,
    screens_seen,
)
from realtime.services.sources import (
    feedback_source_authenticate,
    feedback_source_authenticate_cached,
    feedback_source_cached,
    feedback_source_create,
    feedback_source_forget,
    feedback_source_update,
)

__all__ = [
    "PAIRING_TTL",
    "IngestResult",
    "emergency_clear",
    "emergency_delete",
    "emergency_set",
    "feedback_approve",
    "feedback_delete",
    "feedback_edit",
    "feedback_hide",
    "feedback_ingest",
    "feedback_source_authenticate",
    "feedback_source_authenticate_cached",
    "feedback_source_cached",
    "feedback_source_create",
    "feedback_source_forget",
    "feedback_source_update",
    "moderation_rules",
    "moderation_rules_forget",
    "screen_create",
    "screen_delete",
    "screen_heartbeat",
    "screen_pairing_collect",
    "screen_pairing_confirm",
    "screen_pairing_start",
    "screen_pairing_state",
    "screen_reload",
    "screen_revoke",
    "screen_token_rotate",
    "screen_update",
    "screens_seen",
]
