"""A preview crawler fetching a tracked link: seen by the network, not a click."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advocacy.sharing.models import ClickDaily, ClickVisitor, Share
from core.networks import preview_crawler
from tests.advocacy.sharing.sharing_support import *  # noqa: F403
from tests.factories import ShareFactory

pytestmark = pytest.mark.django_db

LINKEDIN_BOT = "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)"
FACEBOOK_HIT = (
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"
)


@pytest.fixture
def share(story):
    return ShareFactory(story=story, network="linkedin", code="Abc12345")


def fetch(link_client, ua, code="Abc12345"):
    response = link_client.get(
        f"/s/{code}", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT=ua
    )
    assert response.status_code == 302
    return response


@pytest.mark.parametrize(
    ("user_agent", "network", "crawler"),
    [
        (LINKEDIN_BOT, "linkedin", "LinkedInBot"),
        ("Twitterbot/1.0", "x", "Twitterbot"),
        (FACEBOOK_HIT, "facebook", "facebookexternalhit"),
        (
            "http.rb/5.1.1 (Mastodon/4.2.1; +https://mastodon.social/)",
            "mastodon",
            "Mastodon",
        ),
        (
            "Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)",
            "bluesky",
            "Bluesky Cardyb",
        ),
        ("WhatsApp/2.23.20.0", "whatsapp", "WhatsApp"),
    ],
)
def test_preview_crawler_names_the_network(user_agent, network, crawler):
    assert preview_crawler(user_agent) == (network, crawler)


def test_preview_crawler_prefers_the_shares_own_network():
    # Meta fetches for Facebook, Threads and Instagram alike.
    assert preview_crawler(FACEBOOK_HIT, network="threads")[0] == "threads"
    assert preview_crawler(FACEBOOK_HIT, network="x")[0] == "facebook"
    assert preview_crawler("Slackbot-LinkExpanding 1.0") is None
    assert preview_crawler("") is None


def test_preview_fetch_marks_the_share_seen_and_is_not_a_click(
    link_client, share, db_clicks
):
    fetch(link_client, LINKEDIN_BOT)
    share.refresh_from_db()
    assert share.preview_network == "linkedin"
    assert share.preview_crawler == "LinkedInBot"
    assert share.preview_fetched_at is not None
    assert not ClickDaily.objects.exists()
    assert not ClickVisitor.objects.exists()


def test_preview_fetch_is_written_only_the_first_time(
    link_client, share, db_clicks, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as queries:
        fetch(link_client, LINKEDIN_BOT)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert len(writes) == 1 and writes[0].startswith('UPDATE "advocacy_share"')
    first = Share.objects.get(pk=share.pk).preview_fetched_at
    with django_assert_num_queries(0):  # the resolved link remembers it
        fetch(link_client, LINKEDIN_BOT)
        fetch(link_client, "Twitterbot/1.0")
    share.refresh_from_db()
    assert (share.preview_fetched_at, share.preview_network) == (first, "linkedin")


def test_preview_fetch_after_the_link_cache_expired_writes_nothing(
    link_client, share, db_clicks, settings
):
    from advocacy.sharing.links import tracked_link_cache_clear

    fetch(link_client, LINKEDIN_BOT)
    first = Share.objects.get(pk=share.pk).preview_fetched_at
    tracked_link_cache_clear()
    fetch(link_client, "Twitterbot/1.0")
    share.refresh_from_db()
    assert (share.preview_fetched_at, share.preview_network) == (first, "linkedin")


def test_other_robots_do_not_mark_the_share(link_client, share, db_clicks):
    fetch(link_client, "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")
    fetch(link_client, "curl/8.5.0")
    share.refresh_from_db()
    assert share.preview_fetched_at is None


def test_my_impact_says_the_network_fetched_the_preview(
    employee_client, employee, story, db_clicks
):
    ShareFactory(user=employee, story=story, network="linkedin", code="Mine1234")
    employee_client.get("/s/Mine1234", HTTP_USER_AGENT=LINKEDIN_BOT)
    html = employee_client.get("/impact/").text
    assert "LinkedIn fetched your link's preview" in html
