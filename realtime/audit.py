"""Privileged actions on the screens, in the CMS's own history (Wagtail's log):
feedback approved or hidden, emergency messages, screens paired and revoked.

Registered in `realtime/wagtail_hooks.py`; administrators read them under
*Reports → Site history*.
"""

from __future__ import annotations

from wagtail.log_actions import log

FEEDBACK_APPROVED = "realtime.feedback_approved"
FEEDBACK_HIDDEN = "realtime.feedback_hidden"
EMERGENCY_SET = "realtime.emergency_set"
EMERGENCY_CLEARED = "realtime.emergency_cleared"
SCREEN_PAIRED = "realtime.screen_paired"
SCREEN_REVOKED = "realtime.screen_revoked"


def audit_log(instance, action: str, *, by=None, **data) -> None:
    """Record `action` on `instance` by `by` (None: the system, e.g. auto-approval)."""
    log(instance=instance, action=action, user=by, data=data)
