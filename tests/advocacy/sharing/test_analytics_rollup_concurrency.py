"""Rollup rebuilds at the same moment (the click flush, a hand-off's rollup, a
figures page's refresh) still count every share and click once."""

from datetime import date, datetime, time

import pytest
from django.db.models import Sum
from django.utils import timezone

from advocacy.sharing import analytics
from advocacy.sharing.models import ClickDaily, ShareDaily
from advocacy.sharing.rollup_models import TOTAL, ShareRollup
from tests.advocacy.sharing.test_hand_off_concurrency import at_once
from tests.conftest import database_is_postgres, need
from tests.factories import ShareFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DAY = date(2026, 5, 12)


def test_rebuilds_at_the_same_moment_count_once():
    if not database_is_postgres():
        need("Postgres (DATABASE_URL): rebuilds on several connections")
    moment = timezone.make_aware(datetime.combine(DAY, time(10)))
    for network in ("linkedin", "x", "facebook"):
        share = ShareFactory(network=network, created_at=moment, handed_off_at=moment)
        ClickDaily.objects.create(share=share, day=DAY, count=4)
    for _ in range(5):
        results = at_once(
            lambda: analytics.rollup_day(DAY),
            lambda: analytics.rollup_days([DAY]),
            lambda: analytics.rollup_day(DAY),
        )
        assert not [r for r in results if isinstance(r, Exception)], results
    assert ShareDaily.objects.aggregate(n=Sum("shares"), c=Sum("clicks")) == {
        "n": 3,
        "c": 12,
    }
    for grain in ShareRollup.Grain:
        rows = ShareRollup.objects.filter(grain=grain, dimension=TOTAL)
        assert [(r.shares, r.clicks) for r in rows] == [(3, 12)], grain
        assert ShareRollup.objects.filter(grain=grain, dimension="network").count() == 3
