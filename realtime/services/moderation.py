"""The auto-approve rules webcare leads set, and the status they give new feedback."""

from __future__ import annotations

import time

from django.core.cache import cache

from realtime.models import Feedback, ModerationSettings

# The auto-approve rules are read from the shared cache; saving them clears it.
RULES_CACHE_KEY = "realtime:moderation-rules"
RULES_CACHE_SECONDS = 60
RULES_LOCAL_SECONDS = 1.0

# (rules, monotonic time read): this process' copy, read at most once a second.
_rules_local: tuple[ModerationSettings | None, float] = (None, float("-inf"))


def moderation_rules() -> ModerationSettings:
    """The auto-approve rules: this process' copy if under a second old, else from
    the shared cache, else from the database."""
    global _rules_local
    rules, read_at = _rules_local
    now = time.monotonic()
    if rules is not None and now - read_at < RULES_LOCAL_SECONDS:
        return rules
    rules = cache.get(RULES_CACHE_KEY)
    if rules is None:
        rules = ModerationSettings.load()
        cache.set(RULES_CACHE_KEY, rules, timeout=RULES_CACHE_SECONDS)
    _rules_local = (rules, now)
    return rules


def moderation_rules_forget() -> None:
    """Saved rules apply at once here and within a second in other processes."""
    global _rules_local
    _rules_local = (None, float("-inf"))
    cache.delete(RULES_CACHE_KEY)


def auto_status(*, rating: int | None, profanity: bool) -> str:
    """The status the rules give newly arrived feedback."""
    rules = moderation_rules()
    if not rules.auto_approve:
        return Feedback.Status.PENDING
    if rules.block_profanity and profanity:
        return Feedback.Status.PENDING
    if rating is None:
        return (
            Feedback.Status.PENDING
            if rules.require_rating
            else Feedback.Status.APPROVED
        )
    return (
        Feedback.Status.APPROVED
        if rating >= rules.min_rating
        else Feedback.Status.PENDING
    )
