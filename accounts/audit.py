"""Privileged account actions in the CMS's own history (Wagtail's log).

Each action is registered in `accounts/wagtail_hooks.py` and shown, filterable,
in the CMS's site history to administrators (who alone may see users).
"""

from __future__ import annotations

from wagtail.log_actions import log

ROLES_CHANGED = "accounts.roles_changed"
DATA_EXPORTED = "accounts.data_exported"
ERASED = "accounts.erased"


def roles_of(user) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


def roles_changed_log(*, user, by, before: list[str] | None) -> None:
    """Log a change of someone's roles (`before` None: a new account)."""
    after = roles_of(user)
    if before is not None and before == after:
        return
    log(
        instance=user,
        action=ROLES_CHANGED,
        user=by,
        data={"before": before or [], "after": after, "superuser": user.is_superuser},
    )
