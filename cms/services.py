"""Writes to cms that other rooms ask for (the page editor writes pages itself)."""

from django.db import IntegrityError, transaction
from django.db.models import F

from cms.models import StoryStats


def story_share_counted(*, story_id: int, by: int = 1) -> None:
    """Add `by` colleagues to the story's share count ("Shared by N colleagues").

    Sharing calls it once per person: the first time they hand a post about the
    story off to a network.

    An UPDATE ... + `by` on the story's figures row, never a page save: a publish
    at the same moment neither loses this increment nor is overwritten by it.
    """
    if StoryStats.objects.filter(story_id=story_id).update(
        share_count=F("share_count") + by
    ):
        return
    try:
        with transaction.atomic():
            StoryStats.objects.create(story_id=story_id, share_count=by)
    except IntegrityError:  # created by a share at the same moment
        StoryStats.objects.filter(story_id=story_id).update(
            share_count=F("share_count") + by
        )


def story_share_count_set(*, story_id: int, count: int) -> None:
    """Set the share count outright (demo data and imports)."""
    StoryStats.objects.update_or_create(
        story_id=story_id, defaults={"share_count": count}
    )
