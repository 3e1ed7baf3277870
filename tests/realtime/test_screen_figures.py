"""Today's sharing figures on the wall screens: counts per office, never names."""

import pytest
from django.utils import timezone

from advocacy.sharing.analytics import today_figures
from advocacy.sharing.models import ClickDaily
from tests.factories import LocationFactory, ShareFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shares(story):
    rotterdam = LocationFactory(name="Rotterdam", slug="rotterdam")
    utrecht = LocationFactory(name="Utrecht", slug="utrecht")
    eva, sam = UserFactory(), UserFactory()
    first = ShareFactory(user=eva, story=story, location=rotterdam)
    ShareFactory(user=eva, story=story, location=rotterdam)
    ShareFactory(user=sam, story=story, location=utrecht)
    ShareFactory(
        user=sam,
        story=story,
        location=utrecht,
        created_at=timezone.now() - timezone.timedelta(days=2),
    )
    ClickDaily.objects.create(share=first, day=timezone.localdate(), count=7)
    return rotterdam, utrecht


@pytest.fixture
def story():
    from tests.factories import story_page_factory

    return story_page_factory(title="Solar roofs on every office", slug="solar")


def test_today_figures_count_today_only(shares):
    figures = today_figures()
    assert figures == {
        "shares": 3,
        "sharers": 2,
        "clicks": 7,
        "top_story": "Solar roofs on every office",
    }


def test_today_figures_per_office(shares):
    rotterdam, utrecht = shares
    assert today_figures(location_id=rotterdam.pk)["shares"] == 2
    assert today_figures(location_id=utrecht.pk) == {
        "shares": 1,
        "sharers": 1,
        "clicks": 0,
        "top_story": "Solar roofs on every office",
    }


def test_screen_page_carries_the_figures(client, make_screen, shares):
    rotterdam, _utrecht = shares
    _screen, token = make_screen("lobby", location=rotterdam)
    response = client.get(f"/screens/lobby/?token={token}")
    assert response.context["figures"]["shares"] == 2
    assert b'id="screen-figures"' in response.content


def test_figures_endpoint_needs_the_screen_token(client, make_screen, shares):
    _screen, token = make_screen("lobby")
    assert client.get("/screens/lobby/figures/?token=wrong").status_code == 403
    response = client.get(f"/screens/lobby/figures/?token={token}")
    assert response.status_code == 200
    assert response.json()["figures"]["shares"] == 3
    assert "no-store" in response["Cache-Control"]


def test_figures_endpoint_respects_the_screen_setting(client, make_screen, shares):
    screen, token = make_screen("lobby")
    screen.show_figures = False
    screen.save(update_fields=["show_figures"])
    response = client.get(f"/screens/lobby/figures/?token={token}")
    assert response.json() == {"figures": None}
