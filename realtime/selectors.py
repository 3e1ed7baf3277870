"""Reads for screens and staff pages."""

import logging

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.sanitize import plain_text
from realtime import events
from realtime.models import (
    EmergencyMessage,
    Feedback,
    Screen,
    ScreenChange,
    ScreenChangeCounter,
)

logger = logging.getLogger(__name__)

SNAPSHOT_SIZE = 20
REPLAY_LIMIT = 500
STORY_LIMIT = 6


def approved_feedback_for(location_id: int | None) -> QuerySet[Feedback]:
    """Approved feedback a screen filtered on `location_id` may show."""
    qs = Feedback.objects.filter(status=Feedback.Status.APPROVED)
    if location_id is not None:
        qs = qs.filter(Q(location_id=location_id) | Q(location__isnull=True))
    return qs


def feedback_latest(*, location_id: int | None, limit: int = SNAPSHOT_SIZE) -> list:
    """The newest approved items, newest first."""
    return list(approved_feedback_for(location_id).order_by("-id")[:limit])


def feedback_since(
    *, location_id: int | None, since: int, limit: int = REPLAY_LIMIT
) -> list:
    """Approved items with an id above `since`, oldest first (replay order)."""
    return list(
        approved_feedback_for(location_id).filter(id__gt=since).order_by("id")[:limit]
    )


def change_seq_current() -> int:
    """The newest screen change's sequence number (0: none yet).

    Every change up to it has committed (see `services.changes`): read it
    before what it vouches for.
    """
    value = ScreenChangeCounter.objects.filter(pk=1).values_list("value", flat=True)
    return value.first() or 0


def _changes_for(location_id: int | None) -> QuerySet[ScreenChange]:
    qs = ScreenChange.objects.all()
    if location_id is None:  # every item, but only the all-screens emergencies
        return qs.filter(
            Q(kind=ScreenChange.Kind.FEEDBACK) | Q(location_id__isnull=True)
        )
    return qs.filter(
        Q(location_id__isnull=True) | Q(location_id=location_id) | Q(everywhere=True)
    )


def _change_messages(changes: list[ScreenChange], location_id: int | None) -> list:
    """The current state of each changed thing, as the messages a screen applies."""
    feedback_ids = [c.target for c in changes if c.kind == ScreenChange.Kind.FEEDBACK]
    items = Feedback.objects.in_bulk(feedback_ids) if feedback_ids else {}
    scopes = {c.target or None for c in changes if c.kind != "feedback"}
    emergencies: dict[int | None, EmergencyMessage] = {}
    if scopes:
        scope_filter = Q(location_id__in=[s for s in scopes if s is not None])
        if None in scopes:
            scope_filter |= Q(location__isnull=True)
        active = EmergencyMessage.objects.filter(scope_filter, active=True)
        for message in active.order_by("id"):  # the newest per scope wins
            emergencies[message.location_id] = message
    messages = []
    for change in changes:
        if change.kind != ScreenChange.Kind.FEEDBACK:
            scope = change.target or None
            messages.append(
                events.emergency_message(scope, emergencies.get(scope), change.seq)
            )
            continue
        item = items.get(change.target)
        shown = (
            item is not None
            and item.status == Feedback.Status.APPROVED
            and (location_id is None or item.location_id in (None, location_id))
        )
        messages.append(
            events.feedback_message(item, change.seq)
            if shown
            else events.retract_message(change.target, change.seq)
        )
    return messages


def changes_since(
    *,
    location_id: int | None,
    seq: int,
    committed: int | None = None,
    limit: int = REPLAY_LIMIT,
) -> tuple[list[dict], int]:
    """Every change above `seq` a screen on `location_id` shows, oldest first, as
    the current state of each changed thing; and the number it is complete up to.

    `committed`: a number known to have committed (the `latest` marker), which
    saves reading the counter.
    """
    upto = change_seq_current() if committed is None else committed
    messages: list[dict] = []
    while True:
        page = list(
            _changes_for(location_id).filter(seq__gt=seq).order_by("seq")[:limit]
        )
        messages.extend(_change_messages(page, location_id))
        if page:
            seq = page[-1].seq
            upto = max(upto, seq)
        if len(page) < limit:
            return messages, upto


def emergencies_active(*, location_id: int | None) -> list[EmergencyMessage]:
    qs = EmergencyMessage.objects.filter(active=True)
    if location_id is None:
        qs = qs.filter(location__isnull=True)
    else:
        qs = qs.filter(Q(location__isnull=True) | Q(location_id=location_id))
    return list(qs.order_by("id"))


def screen_by_token(*, slug: str, token_hash: str) -> Screen | None:
    """The active screen with this slug and token hash (hash lookup, no timing leak)."""
    return (
        Screen.objects.filter(slug=slug, token_hash=token_hash, active=True)
        .select_related("location")
        .only("id", "slug", "location_id", "last_seen_at", "location__slug")
        .first()
    )


def story_highlights(*, limit: int = STORY_LIMIT) -> list[dict]:
    """Live CMS stories for the screen's story panel; empty when the CMS has none."""
    from cms.models import StoryPage

    try:
        pages = list(
            StoryPage.objects.live()
            .public()
            .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
            .order_by("-first_published_at")[:limit]
        )
    except Exception:
        logger.exception("story highlights unavailable")
        return []
    stories = []
    for page in pages:
        specific = page.specific
        image_url = ""
        image = specific.hero_image
        if image is not None:
            try:
                image_url = image.get_rendition("fill-960x640").url
            except Exception:
                logger.exception("story image rendition failed")
        intro = getattr(specific, "intro", "") or getattr(
            specific, "search_description", ""
        )
        stories.append(
            {
                "id": page.pk,
                "title": page.title,
                "intro": _plain(str(intro)),
                "image": image_url,
            }
        )
    return stories


def _plain(text: str) -> str:
    return plain_text(text)[:300]


def sharing_figures(*, location_id: int | None = None) -> dict | None:
    """Today's sharing figures for the screen's location; None when unavailable."""
    try:
        from advocacy.sharing.analytics import today_figures

        return today_figures(location_id=location_id)
    except Exception:
        logger.exception("sharing figures unavailable")
        return None
