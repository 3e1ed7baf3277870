"""Feedback sources: the systems allowed to push feedback in, and their tokens."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from django.utils import timezone

from realtime import tokens
from realtime.models import FeedbackSource

# A source's token is looked up in the database at most once a minute per process;
# a source deactivated or deleted through its model is forgotten at once here and
# within SOURCE_CACHE_SECONDS in other worker processes.
SOURCE_CACHE_SECONDS = 60.0
SOURCE_CACHE_MAX = 1000


def feedback_source_create(*, name: str) -> tuple[FeedbackSource, str]:
    """Create a source; returns it with its token (the only time it is known)."""
    token = tokens.new_token()
    source = FeedbackSource(name=name, token_hash=tokens.token_hash(token))
    source.full_clean()
    source.save()
    return source, token


def feedback_source_update(
    *, source: FeedbackSource, name: str, active: bool
) -> FeedbackSource:
    """Rename or (de)activate a source; this process forgets its cached token now."""
    source.name = name
    source.active = active
    source.full_clean()
    source.save(update_fields=["name", "active"])
    feedback_source_forget(source.pk)
    return source


def feedback_source_authenticate(token: str) -> FeedbackSource | None:
    if not token:
        return None
    source = FeedbackSource.objects.filter(
        token_hash=tokens.token_hash(token), active=True
    ).first()
    if source is not None:
        now = timezone.now()
        if source.last_used_at is None or now - source.last_used_at > timedelta(
            minutes=1
        ):
            FeedbackSource.objects.filter(pk=source.pk).update(last_used_at=now)
    return source


# token hash -> (source, monotonic expiry). Only valid tokens are kept.
_sources: dict[str, tuple[FeedbackSource, float]] = {}
_sources_lock = threading.Lock()


def feedback_source_cached(token: str) -> FeedbackSource | None:
    """The active source for `token` if this process resolved it recently.

    No I/O: None means "not known here", not "invalid"; then call
    `feedback_source_authenticate_cached`.
    """
    if not token:
        return None
    entry = _sources.get(tokens.token_hash(token))
    if entry is None or entry[1] < time.monotonic():
        return None
    return entry[0]


def feedback_source_authenticate_cached(token: str) -> FeedbackSource | None:
    """`feedback_source_authenticate`, remembered for SOURCE_CACHE_SECONDS."""
    source = feedback_source_cached(token)
    if source is not None:
        return source
    source = feedback_source_authenticate(token)
    if source is not None:
        with _sources_lock:
            if len(_sources) >= SOURCE_CACHE_MAX:
                _sources.clear()
            _sources[source.token_hash] = (
                source,
                time.monotonic() + SOURCE_CACHE_SECONDS,
            )
    return source


def feedback_source_forget(source_id: int | None = None) -> None:
    """Forget one source (None: all) in this process' token cache."""
    with _sources_lock:
        for key, (source, _expires) in list(_sources.items()):
            if source_id is None or source.pk == source_id:
                del _sources[key]
