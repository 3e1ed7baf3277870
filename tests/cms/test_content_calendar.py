"""The content calendar: a month of stories going live and expiring, campaigns, gaps."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from accounts import roles
from cms.calendar import month_calendar
from tests.factories import CampaignFactory, UserFactory, story_page_factory

pytestmark = pytest.mark.django_db


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time())).replace(
        hour=hour
    )


def test_a_month_shows_what_goes_live_expires_and_runs_with_gaps():
    published = story_page_factory(title="Open day")
    published.first_published_at = _at(date(2027, 3, 3))
    published.expire_at = _at(date(2027, 3, 25))
    published.save()
    scheduled = story_page_factory(title="Spring campaign", publish=False)
    scheduled.go_live_at = _at(date(2027, 3, 17))
    scheduled.save()
    CampaignFactory(
        name="Werken bij", start_date=date(2027, 3, 15), end_date=date(2027, 4, 30)
    )

    weeks = month_calendar(2027, 3)
    days = {d.day: d for week in weeks for d in week.days}
    assert weeks[0].days[0].day == date(2027, 3, 1)  # a Monday
    assert [s.title for s in days[date(2027, 3, 3)].going_live] == ["Open day"]
    assert [s.title for s in days[date(2027, 3, 17)].going_live] == ["Spring campaign"]
    assert [s.title for s in days[date(2027, 3, 25)].expiring] == ["Open day"]
    assert [c.name for c in days[date(2027, 3, 15)].campaigns] == ["Werken bij"]
    assert days[date(2027, 3, 14)].campaigns == []
    gaps = [week.days[0].day for week in weeks if week.gap]
    assert gaps == [date(2027, 3, 8), date(2027, 3, 22), date(2027, 3, 29)]


def test_communications_open_the_calendar_employees_do_not(client):
    comms = UserFactory(email="chris@example.com", roles=(roles.COMMUNICATIONS,))
    story_page_factory(title="Launch day")
    client.force_login(comms)
    today = timezone.localdate()
    page = client.get("/cms/calendar/")
    assert page.status_code == 200
    assert "Launch day" in page.content.decode()
    assert client.get("/cms/calendar/", {"month": "13"}).status_code == 400
    assert client.get("/cms/calendar/", {"month": "x"}).status_code == 400
    following = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    assert f"month={following.month}" in page.content.decode()
    client.force_login(UserFactory(email="eva@example.com"))
    assert client.get("/cms/calendar/").status_code in (302, 403)
