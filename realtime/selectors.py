"""Reads for screens and staff pages."""

import logging

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.sanitize import plain_text
from realtime.models import EmergencyMessage, Feedback, Screen

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


def feedback_latest_id() -> int:
    """The newest approved feedback id anywhere (0: none yet)."""
    newest = (
        Feedback.objects.filter(status=Feedback.Status.APPROVED)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    return newest or 0


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
        .only("id", "slug", "location_id", "last_seen_at")
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
