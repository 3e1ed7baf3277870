"""Points: a ledger of PointEntry rows, so every total can be traced to its causes.

Comms staff set the values in Wagtail (Settings → Sharing and points) and can
switch rewards off per network, because some networks' terms forbid incentives.
Sharing earns points when the post is handed off to the network, once per
person, story and network, up to a daily cap.
A rewarded post is an incentivised post: it must carry a disclosure, so the
share composer checks it as promotional whenever `points_enabled_for` is true.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from advocacy.sharing.models import ClickDaily, PointEntry, Share, SharingSettings
from advocacy.suggestions.models import Suggestion


def sharing_settings() -> SharingSettings:
    return SharingSettings.load()


def points_enabled_for(network: str, *, config: SharingSettings | None = None) -> bool:
    return (config or sharing_settings()).rewards(network)


def points_award_share(*, share: Share, config: SharingSettings | None = None):
    """Points for a share that was handed off, or None.

    None when the network is not rewarded, when this person already earned share
    points for this story on this network (sharing it again is welcome, but earns
    nothing more), and beyond the daily cap (the last award of a day may be
    partial). The caller holds this person's lock (`share_hand_off`), so two
    hand-offs at once cannot both find room under the cap.
    """
    config = config or sharing_settings()
    if not config.rewards(share.network) or not config.points_per_share:
        return None
    if share.story_id is None:
        return None
    earned = PointEntry.objects.filter(
        kind=PointEntry.Kind.SHARE, user_id=share.user_id
    )
    if earned.filter(
        share__story_id=share.story_id, share__network=share.network
    ).exists():
        return None
    earned_at = share.handed_off_at or timezone.now()
    day = timezone.localdate(earned_at)
    used = earned.filter(created_at__date=day).aggregate(t=Sum("amount"))["t"] or 0
    amount = min(config.points_per_share, config.share_points_daily_cap - used)
    if amount <= 0:
        return None
    entry, _ = PointEntry.objects.get_or_create(
        kind=PointEntry.Kind.SHARE,
        share=share,
        defaults={"user_id": share.user_id, "amount": amount, "created_at": earned_at},
    )
    return entry


@transaction.atomic
def points_award_clicks(*, days: Iterable[date], share_ids: Iterable[int] = ()) -> int:
    """(Re)compute click points of `days` from ClickDaily; returns entries changed.

    One entry per share per day, so recomputing a day is idempotent; a share
    never earns more than the cap over all its days together.
    """
    config = sharing_settings()
    days = sorted(set(days))
    if not days:
        return 0
    # A link that never left (a prepared share) earns nothing, whoever opens it.
    rows = ClickDaily.objects.filter(day__in=days, share__handed_off_at__isnull=False)
    share_ids = set(share_ids)
    if share_ids:
        rows = rows.filter(share_id__in=share_ids)
    rows = list(
        rows.values_list("share_id", "day", "count", "share__user_id", "share__network")
    )
    if not rows:
        return 0
    touched = {row[0] for row in rows}
    earlier: dict[int, int] = defaultdict(int)  # points on days not recomputed now
    current: dict[tuple[int, date], PointEntry] = {}
    for entry in PointEntry.objects.filter(
        kind=PointEntry.Kind.CLICKS, share_id__in=touched
    ):
        if entry.day in days:
            current[(entry.share_id, entry.day)] = entry
        else:
            earlier[entry.share_id] += entry.amount
    changed = 0
    used: dict[int, int] = defaultdict(int)
    for share_id, day, count, user_id, network in sorted(rows, key=lambda r: r[:2]):
        amount = 0
        if config.rewards(network):
            room = config.click_points_cap - earlier[share_id] - used[share_id]
            amount = max(0, min(count * config.points_per_click, room))
        used[share_id] += amount
        entry = current.get((share_id, day))
        if entry is None and amount:
            PointEntry.objects.create(
                user_id=user_id,
                kind=PointEntry.Kind.CLICKS,
                share_id=share_id,
                day=day,
                amount=amount,
            )
            changed += 1
        elif entry is not None and entry.amount != amount:
            entry.amount = amount
            entry.save(update_fields=["amount"])
            changed += 1
    return changed


def points_award_suggestion(*, suggestion: Suggestion) -> PointEntry | None:
    """Mirror an accepted suggestion's points into the ledger (idempotent)."""
    points = suggestion.points_awarded or 0
    if suggestion.status != Suggestion.Status.ACCEPTED or points <= 0:
        PointEntry.objects.filter(
            kind=PointEntry.Kind.SUGGESTION, suggestion=suggestion
        ).delete()
        return None
    entry, created = PointEntry.objects.get_or_create(
        kind=PointEntry.Kind.SUGGESTION,
        suggestion=suggestion,
        defaults={"user_id": suggestion.suggester_id, "amount": points},
    )
    if not created and entry.amount != points:
        entry.amount = points
        entry.save(update_fields=["amount"])
    return entry


# --- reads ------------------------------------------------------------------------
def points_total(*, user) -> int:
    return PointEntry.objects.filter(user=user).aggregate(t=Sum("amount"))["t"] or 0


@dataclass(frozen=True)
class Rank:
    position: int  # 1 = most points
    of: int  # employees with points, or all active employees if more


def points_rank(*, user) -> Rank | None:
    """The user's private rank among everyone with points (None without points)."""
    mine = points_total(user=user)
    totals = PointEntry.objects.values("user").annotate(total=Sum("amount"))
    if mine <= 0:
        return None
    ahead = totals.filter(total__gt=mine).count()
    return Rank(position=ahead + 1, of=totals.filter(total__gt=0).count())


@dataclass(frozen=True)
class LeaderboardRow:
    position: int
    name: str
    total: int
    is_me: bool


def leaderboard(*, viewer, limit: int = 50) -> list[LeaderboardRow]:
    """Only employees who opted in appear, numbered among themselves."""
    user_model = get_user_model()
    totals = (
        PointEntry.objects.filter(
            user__profile__leaderboard_opt_in=True, user__is_active=True
        )
        .values("user")
        .annotate(total=Sum("amount"))
        .filter(total__gt=0)
        .order_by("-total", "user")[:limit]
    )
    totals = list(totals)
    users = user_model.objects.select_related("profile").in_bulk(
        [row["user"] for row in totals]
    )
    rows = []
    for position, row in enumerate(totals, start=1):
        user = users[row["user"]]
        rows.append(
            LeaderboardRow(
                position=position,
                name=user.display_name,
                total=row["total"],
                is_me=user.pk == viewer.pk,
            )
        )
    return rows
