"""Handing a prepared share off to its network: the moment a share counts.

The composer prepares a share (checked text, tracked link) and counts nothing.
Only when the employee opens the network's share page, hands the post to the
phone's share sheet, or copies it to paste in an app, does `share_hand_off`
record it: the share then counts in every figure, the story gains a colleague in
"Shared by N colleagues" (the first time this person shares it), and points are
awarded (once per person, story and network, within the daily cap).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from advocacy.sharing.models import PointEntry, Share
from advocacy.sharing.points import points_award_share, sharing_settings
from cms.services import story_share_counted

PATHS = frozenset(Share.HandOff.values)


@dataclass(frozen=True)
class HandOff:
    share: Share
    counted: bool  # False: this share had been handed off already
    points: PointEntry | None = None


@transaction.atomic
def share_hand_off(*, user, share_id: int, path: str) -> HandOff:
    """Record that `user` handed their share off through `path`; idempotent.

    A second hand-off of the same share changes nothing (the first path stays).
    Raises Http404 for a share that is not theirs, ValidationError for a path
    that is not one of `Share.HandOff`.
    """
    if path not in PATHS:
        raise ValidationError({"path": _("Choose how the post was shared.")})
    # One hand-off per person at a time: whether this is their first share of
    # the story, and how much of today's points cap is left, must not race.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    share = Share.objects.select_for_update().filter(pk=share_id, user=user).first()
    if share is None:
        raise Http404
    if share.handed_off_at is not None:
        return HandOff(share, counted=False)
    first_of_story = (
        share.story_id is not None
        and not Share.objects.handed_off()
        .filter(user=user, story_id=share.story_id)
        .exists()
    )
    share.handed_off_at = timezone.now()
    share.hand_off = path
    share.save(update_fields=["handed_off_at", "hand_off"])
    if first_of_story:
        story_share_counted(story_id=share.story_id)
    entry = points_award_share(share=share, config=sharing_settings())
    day = timezone.localdate(share.handed_off_at)
    transaction.on_commit(lambda: _rollup_later(day))
    return HandOff(share, counted=True, points=entry)


def _rollup_later(day) -> None:
    from advocacy.sharing.tasks import rollup_analytics_day

    rollup_analytics_day.enqueue(day.isoformat())
