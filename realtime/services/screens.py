"""Wall screens: registering them (directly or by pairing), heartbeats, reloads."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Location
from realtime import audit, broadcast, events, tokens
from realtime.audit import audit_log
from realtime.models import Screen, ScreenPairing

LAST_SEEN_THROTTLE = timedelta(seconds=20)
# Close codes a revoked screen's socket gets (see `screen_revoke`).
CLOSE_TOKEN_REPLACED = 4401
CLOSE_SWITCHED_OFF = 4403
PAIRING_TTL = timedelta(minutes=10)


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


# What a screen manager may change after registering a screen.
SCREEN_SETTINGS = (
    "name",
    "slug",
    "location",
    "show_feedback",
    "show_stories",
    "show_figures",
    "rotation_seconds",
    "language",
    "theme",
    "active",
)


def screen_update(*, screen: Screen, by=None, **changes) -> Screen:
    """Change a screen's settings; connected screens pick them up when they reload.

    Switching a screen off closes its open sockets at once.
    """
    unknown = set(changes) - set(SCREEN_SETTINGS)
    if unknown:
        raise TypeError(f"not a screen setting: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(screen, name, value)
    screen.full_clean()
    screen.save(update_fields=list(changes))
    if changes.get("active") is False:
        screen_revoke(screen_id=screen.pk, code=CLOSE_SWITCHED_OFF)
        audit_log(screen, audit.SCREEN_REVOKED, by=by, how="switched off")
    return screen


def screen_token_rotate(*, screen: Screen, by=None) -> str:
    """Give a screen a new token; sockets opened with the old one close at once."""
    token = tokens.new_token()
    screen.token_hash = tokens.token_hash(token)
    screen.save(update_fields=["token_hash"])
    screen_revoke(screen_id=screen.pk, code=CLOSE_TOKEN_REPLACED)
    audit_log(screen, audit.SCREEN_REVOKED, by=by, how="new token")
    return token


def screen_delete(*, screen: Screen, by=None) -> None:
    """Delete a screen; its open sockets close at once."""
    screen_id = screen.pk
    audit_log(screen, audit.SCREEN_REVOKED, by=by, how="deleted")
    screen.delete()
    screen_revoke(screen_id=screen_id, code=CLOSE_SWITCHED_OFF)


def screen_revoke(*, screen_id: int, code: int) -> None:
    """Close every open socket of this screen, on every worker, after commit.

    The screen page shows that it was revoked and stops reconnecting; a new
    connection is refused by the token check, which reads the committed row.
    """
    broadcast.send_on_commit(
        [broadcast.screen_group(screen_id)], events.revoke_message(code)
    )


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
    in batches (see `consumers.heartbeat.LastSeenBatch`); returns the rows updated.
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
    *,
    code: str,
    slug: str,
    name: str,
    location: Location | None = None,
    by=None,
    **options,
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
    audit_log(screen, audit.SCREEN_PAIRED, by=by)
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
