"""Points: an auditable ledger, per-network switches, an opt-in leaderboard."""

from datetime import timedelta

import pytest
from django.utils import timezone

from advocacy.sharing.hand_off import share_hand_off
from advocacy.sharing.models import ClickDaily, PointEntry, SharingSettings
from advocacy.sharing.points import (
    leaderboard,
    points_award_clicks,
    points_rank,
    points_total,
)
from advocacy.sharing.services import share_create
from advocacy.sharing.tasks import figures_refresh_if_due
from tests.advocacy.sharing.sharing_support import *  # noqa: F403
from tests.advocacy.sharing.sharing_support import DISCLOSURE
from tests.factories import ShareFactory, SuggestionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_share_points_follow_the_settings(employee, story):
    config = SharingSettings.load()
    config.points_per_share = 7
    config.unrewarded_networks = ["facebook"]
    config.save()
    for network, text in (("x", f"Hi. {DISCLOSURE}"), ("facebook", "Hi there.")):
        share = share_create(user=employee, story=story, network=network, text=text)
        share_hand_off(user=employee, share_id=share.pk, path="intent")
    assert points_total(user=employee) == 7
    assert list(PointEntry.objects.values_list("kind", "amount")) == [("share", 7)]


def test_points_switched_off_everywhere(employee, story):
    config = SharingSettings.load()
    config.points_enabled = False
    config.save()
    share = share_create(
        user=employee, story=story, network="x", text="No disclosure needed."
    )
    share_hand_off(user=employee, share_id=share.pk, path="intent")
    assert points_total(user=employee) == 0


def test_click_points_are_capped_per_share_and_idempotent(employee, story):
    config = SharingSettings.load()
    config.points_per_click = 2
    config.click_points_cap = 15
    config.save()
    share = ShareFactory(user=employee, story=story, network="x")
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    ClickDaily.objects.create(share=share, day=yesterday, count=4)
    ClickDaily.objects.create(share=share, day=today, count=10)
    points_award_clicks(days=[yesterday, today])
    points_award_clicks(days=[today])
    points_award_clicks(days=[yesterday, today])
    entries = dict(
        PointEntry.objects.filter(kind="clicks").values_list("day", "amount")
    )
    assert entries == {yesterday: 8, today: 7}
    ClickDaily.objects.filter(day=yesterday).update(count=1)
    points_award_clicks(days=[yesterday])
    assert PointEntry.objects.get(kind="clicks", day=yesterday).amount == 2
    assert points_total(user=employee) == 9


def test_click_points_none_on_unrewarded_networks(employee, story):
    config = SharingSettings.load()
    config.unrewarded_networks = ["whatsapp"]
    config.save()
    share = ShareFactory(user=employee, story=story, network="whatsapp")
    ClickDaily.objects.create(share=share, day=timezone.localdate(), count=9)
    points_award_clicks(days=[timezone.localdate()])
    assert points_total(user=employee) == 0


def test_accepted_suggestion_points_reach_the_ledger(employee):
    from advocacy.suggestions.services import suggestion_points_award

    suggestion = SuggestionFactory(suggester=employee, status="accepted")
    suggestion_points_award(suggestion, 25)
    suggestion_points_award(suggestion, 25)
    entry = PointEntry.objects.get(kind="suggestion")
    assert (entry.user, entry.amount, entry.suggestion) == (employee, 25, suggestion)
    assert points_total(user=employee) == 25


def _user_with_points(points: int, *, opt_in: bool, name: str):
    user = UserFactory()
    user.profile.leaderboard_opt_in = opt_in
    user.profile.display_name = name
    user.profile.save()
    PointEntry.objects.create(user=user, kind="adjustment", amount=points)
    return user


def test_leaderboard_lists_only_those_who_opted_in(client):
    shy = _user_with_points(100, opt_in=False, name="Shy Sam")
    bold = _user_with_points(50, opt_in=True, name="Bold Bo")
    other = _user_with_points(30, opt_in=True, name="Other Olga")
    rows = leaderboard(viewer=shy)
    assert [(r.position, r.name, r.total) for r in rows] == [
        (1, "Bold Bo", 50),
        (2, "Other Olga", 30),
    ]
    client.force_login(shy)
    html = client.get("/leaderboard/").content.decode()
    assert "Bold Bo" in html and "Other Olga" in html
    assert "Shy Sam" not in html
    assert "Your rank: #1 of 3" in html  # private, only to themself
    client.force_login(other)
    html = client.get("/leaderboard/").content.decode()
    assert "Shy Sam" not in html
    assert "Your rank: #3 of 3" in html
    assert points_rank(user=bold).position == 2


def test_impact_page_shows_the_employees_own_figures(employee_client, employee, story):
    share = ShareFactory(user=employee, story=story, network="x")
    ClickDaily.objects.create(share=share, day=timezone.localdate(), count=6)
    PointEntry.objects.create(user=employee, kind="share", amount=10, share=share)
    other = ShareFactory(story=story)
    ClickDaily.objects.create(share=other, day=timezone.localdate(), count=99)
    # What the next click (or the periodic job) does: today's click points.
    figures_refresh_if_due()
    response = employee_client.get("/impact/")
    assert response.status_code == 200
    assert response.context["totals"] == {"shares": 1, "clicks": 6}
    assert response.context["points_total"] == 10 + 6 * 1
    html = response.content.decode()
    assert "Our new service desk" in html
    assert "<svg" in html
    assert "99" not in html.split("Your shares")[1]
