"""Every write in realtime; the only callers of `realtime.broadcast`."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Location
from realtime import broadcast, events, tokens
from realtime.masking import clean_feedback_text, display_author
from realtime.models import (
    EmergencyMessage,
    Feedback,
    FeedbackSource,
    ModerationSettings,
    Screen,
    ScreenPairing,
)

LAST_SEEN_THROTTLE = timedelta(seconds=20)
PAIRING_TTL = timedelta(minutes=10)
# A source's token is looked up in the database at most once a minute per process;
# a source deactivated or deleted through its model is forgotten at once here and
# within SOURCE_CACHE_SECONDS in other worker processes.
SOURCE_CACHE_SECONDS = 60.0
SOURCE_CACHE_MAX = 1000
# The auto-approve rules are read from the shared cache; saving them clears it.
RULES_CACHE_KEY = "realtime:moderation-rules"
RULES_CACHE_SECONDS = 60


# --- feedback sources -----------------------------------------------------------
def feedback_source_create(*, name: str) -> tuple[FeedbackSource, str]:
    """Create a source; returns it with its token (the only time it is known)."""
    token = tokens.new_token()
    source = FeedbackSource(name=name, token_hash=tokens.token_hash(token))
    source.full_clean()
    source.save()
    return source, token


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


# --- feedback -------------------------------------------------------------------
@dataclass(frozen=True)
class IngestResult:
    feedback: Feedback
    created: bool


# (rules, monotonic time read): this process' copy, read at most once a second.
_rules_local: tuple[ModerationSettings | None, float] = (None, float("-inf"))
RULES_LOCAL_SECONDS = 1.0


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


def _auto_status(*, rating: int | None, profanity: bool) -> str:
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
        status=_auto_status(rating=rating, profanity=cleaned.profanity),
    )
    if feedback.status == Feedback.Status.APPROVED:
        feedback.moderated_at = feedback.received_at
    # Source and location are rows the caller just loaded: checking that they
    # exist would cost a query each for nothing.
    feedback.full_clean(exclude=["source", "location"], validate_constraints=False)
    try:
        with transaction.atomic():
            feedback.save()
            if feedback.status == Feedback.Status.APPROVED:
                _broadcast_feedback(feedback)
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


def _broadcast_feedback(feedback: Feedback) -> None:
    broadcast.send_on_commit(
        broadcast.feedback_groups(feedback.location_id),
        events.feedback_message(feedback),
    )


@transaction.atomic
def feedback_approve(*, feedback: Feedback) -> Feedback:
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.status == Feedback.Status.APPROVED:
        return feedback
    feedback.status = Feedback.Status.APPROVED
    feedback.moderated_at = timezone.now()
    feedback.save(update_fields=["status", "moderated_at"])
    _broadcast_feedback(feedback)
    return feedback


@transaction.atomic
def feedback_hide(*, feedback: Feedback) -> Feedback:
    """Hide an item; if screens may be showing it, take it off all of them now."""
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.status == Feedback.Status.HIDDEN:
        return feedback
    was_approved = feedback.status == Feedback.Status.APPROVED
    feedback.status = Feedback.Status.HIDDEN
    feedback.moderated_at = timezone.now()
    feedback.save(update_fields=["status", "moderated_at"])
    if was_approved:
        broadcast.send_on_commit(
            [broadcast.ALL_SCREENS], events.retract_message(feedback.pk)
        )
    return feedback


# --- screens --------------------------------------------------------------------
def screen_create(
    *,
    slug: str,
    name: str,
    location: Location | None = None,
    language: str = Screen.Language.NL,
    theme: str = Screen.Theme.DARK,
    rotation_seconds: int = 12,
) -> tuple[Screen, str]:
    """Register a screen; returns it with its token (the only time it is known)."""
    token = tokens.new_token()
    screen = Screen(
        slug=slug,
        name=name,
        location=location,
        language=language,
        theme=theme,
        rotation_seconds=rotation_seconds,
        token_hash=tokens.token_hash(token),
    )
    screen.full_clean()
    screen.save()
    return screen, token


def screen_token_rotate(*, screen: Screen) -> str:
    token = tokens.new_token()
    screen.token_hash = tokens.token_hash(token)
    screen.save(update_fields=["token_hash"])
    return token


def screen_heartbeat(
    *, screen_id: int, client_info: str | None = None, force: bool = False
) -> None:
    """Record that a screen is alive; written at most every 20 s per screen."""
    now = timezone.now()
    updates: dict = {"last_seen_at": now}
    if client_info is not None:
        updates["client_info"] = client_info[:300]
    qs = Screen.objects.filter(pk=screen_id)
    if not force:
        qs = qs.filter(
            Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=now - LAST_SEEN_THROTTLE)
        )
    qs.update(**updates)


def screens_seen(*, screen_ids) -> int:
    """Record that these screens were alive just now: one UPDATE for all of them.

    Connected screens' heartbeats are collected per worker process and written
    in batches (see `consumers.LastSeenBatch`); returns the rows updated.
    """
    ids = sorted(set(screen_ids))
    if not ids:
        return 0
    return Screen.objects.filter(pk__in=ids).update(last_seen_at=timezone.now())


def screen_reload(*, screen: Screen | None = None) -> None:
    group = (
        broadcast.ALL_SCREENS if screen is None else broadcast.screen_group(screen.pk)
    )
    broadcast.send_on_commit([group], events.reload_message())


# --- pairing --------------------------------------------------------------------
def screen_pairing_start() -> tuple[ScreenPairing, str, str]:
    """A waiting screen asks for a code; returns (pairing, code, claim secret)."""
    now = timezone.now()
    ScreenPairing.objects.filter(expires_at__lt=now - timedelta(hours=1)).delete()
    claim = tokens.new_token()
    for _attempt in range(10):
        code = tokens.new_pairing_code()
        try:
            with transaction.atomic():
                pairing = ScreenPairing.objects.create(
                    code_hash=tokens.token_hash(code),
                    claim_hash=tokens.token_hash(claim),
                    expires_at=now + PAIRING_TTL,
                )
            return pairing, code, claim
        except IntegrityError:
            continue
    raise RuntimeError("could not allocate a pairing code")


@transaction.atomic
def screen_pairing_confirm(
    *, code: str, slug: str, name: str, location: Location | None = None, **options
) -> Screen:
    """A screen manager claims the code shown on a waiting screen."""
    code_hash = tokens.token_hash(tokens.normalise_pairing_code(code))
    pairing = (
        ScreenPairing.objects.select_for_update()
        .filter(code_hash=code_hash, screen__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if pairing is None:
        raise ValidationError({"code": _("Unknown or expired pairing code.")})
    screen, token = screen_create(slug=slug, name=name, location=location, **options)
    pairing.screen = screen
    pairing.pending_token = token
    pairing.save(update_fields=["screen", "pending_token"])
    return screen


@transaction.atomic
def screen_pairing_collect(*, claim: str) -> tuple[Screen, str] | None:
    """The waiting screen collects its token once; None while still unclaimed."""
    pairing = (
        ScreenPairing.objects.select_for_update()
        .filter(claim_hash=tokens.token_hash(claim))
        .first()
    )
    if pairing is None or pairing.screen is None or not pairing.pending_token:
        return None
    token = pairing.pending_token
    screen = pairing.screen
    pairing.delete()
    return screen, token


def screen_pairing_state(*, claim: str) -> str:
    pairing = ScreenPairing.objects.filter(claim_hash=tokens.token_hash(claim)).first()
    if pairing is None or pairing.expires_at < timezone.now():
        return "expired"
    return "paired" if pairing.screen_id else "waiting"


# --- emergency messages ---------------------------------------------------------
def _emergency_push(location_id: int | None) -> None:
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
    broadcast.send_on_commit([group], events.emergency_message(location_id, current))


@transaction.atomic
def emergency_set(*, text: str, location: Location | None = None) -> EmergencyMessage:
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
    return message


@transaction.atomic
def emergency_clear(*, message: EmergencyMessage) -> None:
    EmergencyMessage.objects.filter(pk=message.pk).update(
        active=False, cleared_at=timezone.now()
    )
    _emergency_push(message.location_id)
