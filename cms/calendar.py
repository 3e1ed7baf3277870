"""The content calendar: a month of stories going live, expiring, and campaigns.

Communications see at a glance which weeks have nothing new (a gap in the plan).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Revision

from cms.models import Campaign, StoryPage


@dataclass
class Day:
    day: date
    in_month: bool
    going_live: list[StoryPage] = field(default_factory=list)
    expiring: list[StoryPage] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)


@dataclass
class Week:
    days: list[Day]

    @property
    def gap(self) -> bool:
        """No story goes live on any day of this week that lies in the month."""
        return not any(d.going_live for d in self.days if d.in_month)


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def month_calendar(year: int, month: int) -> list[Week]:
    """The weeks (Monday first) covering the month, each day with what happens."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    end = timezone.make_aware(
        datetime.combine(last + timedelta(days=1), datetime.min.time())
    )
    days = {d: Day(day=d, in_month=d.month == month) for week in weeks for d in week}

    when: dict[int, datetime] = {
        int(pk): at
        for pk, at in Revision.page_revisions.filter(
            approved_go_live_at__gte=start, approved_go_live_at__lt=end
        ).values_list("object_id", "approved_go_live_at")
    }
    for pk, at in StoryPage.objects.filter(
        live=False, go_live_at__gte=start, go_live_at__lt=end
    ).values_list("pk", "go_live_at"):
        when.setdefault(pk, at)
    for pk, at in StoryPage.objects.filter(
        first_published_at__gte=start, first_published_at__lt=end
    ).values_list("pk", "first_published_at"):
        when.setdefault(pk, at)
    stories = StoryPage.objects.filter(pk__in=when).defer_streamfields()
    for story in sorted(stories, key=lambda s: when[s.pk]):
        days[_local_day(when[story.pk])].going_live.append(story)
    for story in (
        StoryPage.objects.filter(expire_at__gte=start, expire_at__lt=end)
        .defer_streamfields()
        .order_by("expire_at")
    ):
        days[_local_day(story.expire_at)].expiring.append(story)
    campaigns = Campaign.objects.filter(
        Q(start_date__lte=last) | Q(start_date__isnull=True),
        Q(end_date__gte=first) | Q(end_date__isnull=True),
    ).exclude(start_date__isnull=True, end_date__isnull=True)
    for campaign in campaigns.order_by("start_date", "name"):
        for d, day in days.items():
            if (campaign.start_date is None or campaign.start_date <= d) and (
                campaign.end_date is None or d <= campaign.end_date
            ):
                day.campaigns.append(campaign)
    return [Week(days=[days[d] for d in week]) for week in weeks]
