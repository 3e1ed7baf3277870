"""Tracked-link redirects and the click buffer's depth, as Prometheus sees them."""

import time

import pytest
from django.test import Client
from prometheus_client import REGISTRY

from advocacy.sharing import clicks
from tests.advocacy.sharing.sharing_support import *  # noqa: F403
from tests.factories import ShareFactory

pytestmark = pytest.mark.django_db

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4) Safari/604.1"
PREVIEW = "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)"
TOKEN = "scrape-me-please"


def redirects(visitor: str) -> float:
    value = REGISTRY.get_sample_value(
        "boegbeeld_tracked_link_redirects_total", {"visitor": visitor}
    )
    return value or 0.0


def scrape(client: Client) -> str:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    return response.content.decode()


def test_redirect_counts_humans_and_bots_apart(link_client, story, db_clicks):
    share = ShareFactory(story=story, code="Metric12")
    humans, bots = redirects("human"), redirects("bot")

    response = link_client.get(f"/s/{share.code}", HTTP_USER_AGENT=PHONE)
    assert response.status_code == 302
    assert (redirects("human"), redirects("bot")) == (humans + 1, bots)

    response = link_client.get(f"/s/{share.code}", HTTP_USER_AGENT=PREVIEW)
    assert response.status_code == 302
    assert (redirects("human"), redirects("bot")) == (humans + 1, bots + 1)


def test_unknown_link_is_no_redirect(link_client, db_clicks):
    humans = redirects("human")
    assert link_client.get("/s/Nothing1", HTTP_USER_AGENT=PHONE).status_code == 404
    assert redirects("human") == humans


def test_scrape_shows_clicks_waiting_in_the_buffer(settings, story, redis_clicks):
    settings.BOEGBEELD_METRICS_TOKEN = TOKEN
    share = ShareFactory(story=story, code="Buffer12")
    assert "boegbeeld_click_buffer_pending 0.0" in scrape(Client())
    visitor = Client(HTTP_USER_AGENT=PHONE)
    # The first click may flush the buffer (figures refresh); later ones wait.
    visitor.get(f"/s/{share.code}", REMOTE_ADDR="203.0.113.7")
    waiting = clicks.clicks_pending()
    visitor.get(f"/s/{share.code}", REMOTE_ADDR="203.0.113.8")
    visitor.get(f"/s/{share.code}", REMOTE_ADDR="203.0.113.9")
    assert clicks.clicks_pending() == waiting + 2
    assert f"boegbeeld_click_buffer_pending {waiting + 2:.1f}" in scrape(Client())


def test_scrape_leaves_the_buffer_out_while_redis_is_down(settings, site_on_redis):
    """Redis gone: the scrape answers without the figure, and does not ask Redis
    again until the breaker's retry period is over."""
    settings.BOEGBEELD_METRICS_TOKEN = TOKEN
    assert "boegbeeld_click_buffer_pending 0.0" in scrape(Client())
    site_on_redis.kill()
    began = time.monotonic()
    first = scrape(Client())
    assert "boegbeeld_click_buffer_pending " not in first
    assert "boegbeeld_tracked_link_redirects_total" in first
    assert clicks.buffer_breaker.down
    assert not clicks.buffer_breaker.closed()  # the next scrape asks nothing
    assert "boegbeeld_click_buffer_pending " not in scrape(Client())
    print(f"two scrapes with Redis down: {time.monotonic() - began:.3f} s")
