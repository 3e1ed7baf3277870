"""One employee's own figures (My impact): only ever shown to that employee.

Shares count once handed off to their network; prepared ones are not listed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Sum
from django.utils import timezone

from advocacy.sharing.analytics.periods import Period
from advocacy.sharing.models import ClickDaily, Share
from core.network_labels import network_label


@dataclass
class ShareImpact:
    share: Share
    clicks: int


def my_shares(*, user, limit: int = 100) -> list[ShareImpact]:
    shares = list(
        Share.objects.handed_off()
        .filter(user=user)
        .select_related("story")
        .annotate(total_clicks=Sum("clicks__count"))
        .order_by("-handed_off_at", "-pk")[:limit]
    )
    return [ShareImpact(share, share.total_clicks or 0) for share in shares]


def my_clicks_per_day(*, user, period: Period) -> list[tuple[date, int, int]]:
    start, end = period.bounds()
    clicks = dict(
        ClickDaily.objects.filter(
            share__user=user, day__gte=period.start, day__lte=period.end
        )
        .values("day")
        .annotate(n=Sum("count"))
        .order_by()
        .values_list("day", "n")
    )
    shares_by_day: dict[date, int] = defaultdict(int)
    for shared in Share.objects.filter(
        user=user, handed_off_at__gte=start, handed_off_at__lt=end
    ).values_list("handed_off_at", flat=True):
        shares_by_day[timezone.localdate(shared)] += 1
    return [(day, shares_by_day.get(day, 0), clicks.get(day, 0)) for day in period.days]


def my_by_network(*, user) -> list[dict]:
    shares = dict(
        Share.objects.handed_off()
        .filter(user=user)
        .values("network")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("network", "n")
    )
    clicks = dict(
        ClickDaily.objects.filter(share__user=user)
        .values("share__network")
        .annotate(n=Sum("count"))
        .order_by()
        .values_list("share__network", "n")
    )
    rows = [
        {
            "network": network_label(network),
            "shares": n,
            "clicks": clicks.get(network, 0) or 0,
        }
        for network, n in shares.items()
    ]
    return sorted(rows, key=lambda r: (-r["shares"], r["network"]))


def my_totals(*, user) -> dict[str, int]:
    shares = Share.objects.handed_off().filter(user=user).count()
    clicks = (
        ClickDaily.objects.filter(share__user=user).aggregate(n=Sum("count"))["n"] or 0
    )
    return {"shares": shares, "clicks": clicks}
