"""Click counting: once per visitor per link per day, no robots, no personal data."""

import json
from datetime import date, timedelta

import pytest
from django.core import serializers
from django.utils import timezone

from advocacy.sharing import clicks
from advocacy.sharing.models import (
    ClickDaily,
    ClickFlush,
    ClickSalt,
    ClickVisitor,
    PointEntry,
    Share,
    ShareDaily,
)
from advocacy.sharing.rollup_models import ShareRollup
from advocacy.sharing.tasks import flush_and_rollup, rollup_recent
from tests.advocacy.sharing.sharing_support import *  # noqa: F403
from tests.factories import ShareFactory

pytestmark = pytest.mark.django_db

IP = "203.0.113.77"
BROWSER = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
CRAWLERS = [
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "Twitterbot/1.0",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "WhatsApp/2.23.20.0",
    "TelegramBot (like TwitterBot)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Applebot/0.1",
    "Mozilla/5.0 (compatible; Embedly/0.2; +http://support.embed.ly/)",
    "Iframely/1.3.1 (+https://iframely.com/docs/about)",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
    "http.rb/5.1.1 (Mastodon/4.2.1; +https://mastodon.social/)",
    "Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)",
    "curl/8.5.0",
    "Wget/1.21.4",
    "python-requests/2.31.0",
    "Go-http-client/2.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0",
    "",
]


@pytest.fixture
def share(story):
    return ShareFactory(story=story, code="Abc12345")


def visit(link_client, code="Abc12345", *, ip=IP, ua=BROWSER, method="get"):
    response = getattr(link_client, method)(
        f"/s/{code}", REMOTE_ADDR=ip, HTTP_USER_AGENT=ua
    )
    assert response.status_code == 302
    return response


def total_clicks(share) -> int:
    return sum(ClickDaily.objects.filter(share=share).values_list("count", flat=True))


@pytest.mark.parametrize("user_agent", CRAWLERS)
def test_is_bot_recognises_link_preview_crawlers(user_agent):
    assert clicks.is_bot(user_agent)


@pytest.mark.parametrize(
    "user_agent",
    [
        BROWSER,
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0",
    ],
)
def test_is_bot_lets_browsers_through(user_agent):
    assert not clicks.is_bot(user_agent)


def test_crawler_clicks_redirect_but_are_not_counted(link_client, share, db_clicks):
    for user_agent in CRAWLERS:
        visit(link_client, ua=user_agent)
    assert total_clicks(share) == 0
    assert not ClickVisitor.objects.exists()


def test_head_requests_redirect_but_are_not_counted(link_client, share, db_clicks):
    visit(link_client, method="head")
    assert total_clicks(share) == 0


def test_same_visitor_twice_a_day_counts_once(link_client, share, db_clicks):
    visit(link_client)
    visit(link_client)
    assert total_clicks(share) == 1
    visit(link_client, ip="198.51.100.9")
    assert total_clicks(share) == 2


# Ten user agents one person could cycle through: five phones, five computers.
MOBILE_AGENTS = [
    BROWSER,
    BROWSER.replace("17_4", "17_5"),
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0",
    "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
]
COMPUTER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Made-up agent 1.0",
]


@pytest.fixture(params=["db", "redis"])
def click_buffer(request):
    request.getfixturevalue(f"{request.param}_clicks")
    return request.param


def test_changing_user_agent_does_not_make_new_visitors(
    link_client, share, click_buffer
):
    for user_agent in MOBILE_AGENTS:
        visit(link_client, ua=user_agent)
    clicks.clicks_flush()
    assert total_clicks(share) == 1
    for user_agent in COMPUTER_AGENTS:
        visit(link_client, ua=user_agent)
    clicks.clicks_flush()
    # Ten user agents from one address: a phone and a computer at most.
    assert total_clicks(share) == 2


def test_two_addresses_are_two_visitors(link_client, share, click_buffer):
    for ip in (IP, "198.51.100.9"):
        for user_agent in MOBILE_AGENTS:
            visit(link_client, ip=ip, ua=user_agent)
    clicks.clicks_flush()
    assert total_clicks(share) == 2


def test_same_visitor_on_another_day_counts_again(share, db_clicks):
    today = timezone.localdate()
    args = {"share_id": share.pk, "code": share.code, "ip": IP, "user_agent": BROWSER}
    assert clicks.click_record(**args, day=today)
    assert not clicks.click_record(**args, day=today)
    assert clicks.click_record(**args, day=today + timedelta(days=1))
    assert dict(ClickDaily.objects.values_list("day", "count")) == {
        today: 1,
        today + timedelta(days=1): 1,
    }


def test_the_same_visitor_on_two_links_counts_on_both(link_client, story, db_clicks):
    first = ShareFactory(story=story, code="Abc12345")
    second = ShareFactory(story=story, code="Def67890")
    visit(link_client, "Abc12345")
    visit(link_client, "Def67890")
    assert total_clicks(first) == total_clicks(second) == 1


def _every_stored_row() -> str:
    models = [ClickDaily, ClickVisitor, ClickSalt, ClickFlush, Share, ShareDaily]
    models += [ShareRollup, PointEntry]
    rows = [serializers.serialize("json", m.objects.all()) for m in models]
    return json.dumps(rows)


def test_no_ip_address_or_user_agent_is_stored(link_client, share, db_clicks):
    visit(link_client)
    visit(link_client, ip="2001:db8::7")
    rollup_recent()
    stored = _every_stored_row()
    assert ClickVisitor.objects.count() == 2
    assert IP not in stored and "2001:db8::7" not in stored
    assert "iPhone" not in stored and "Safari" not in stored


def test_forwarded_for_from_a_client_changes_no_visitor(link_client, share, db_clicks):
    # Only the ASGI server may turn X-Forwarded-For into REMOTE_ADDR (for the
    # proxy's connections): a header a visitor writes is not another visitor.
    for forged in ("198.51.100.1", "198.51.100.2, 10.0.0.1"):
        link_client.get(
            "/s/Abc12345",
            REMOTE_ADDR=IP,
            HTTP_USER_AGENT=BROWSER,
            HTTP_X_FORWARDED_FOR=forged,
        )
    assert total_clicks(share) == 1


def test_old_salts_and_visitor_hashes_are_forgotten(share, db_clicks):
    yesterday = timezone.localdate() - timedelta(days=1)
    args = {"share_id": share.pk, "code": share.code, "ip": IP, "user_agent": BROWSER}
    clicks.click_record(**args, day=yesterday)
    clicks.click_record(**args)
    assert ClickSalt.objects.count() == 2
    clicks.clicks_forget()
    assert list(ClickSalt.objects.values_list("day", flat=True)) == [
        timezone.localdate()
    ]
    assert ClickVisitor.objects.filter(day=yesterday).count() == 0
    assert total_clicks(share) == 2  # the counts stay


def test_salt_is_random_per_day(db):
    first = clicks.daily_salt(date(2030, 1, 1))
    second = clicks.daily_salt(date(2030, 1, 2))
    assert first != second and len(first) == 64
    assert clicks.daily_salt(date(2030, 1, 2)) == second


# --- the Redis buffer ---------------------------------------------------------------


def test_redis_buffer_counts_after_a_flush_and_never_twice(
    link_client, share, redis_clicks, settings
):
    settings.BOEGBEELD_ANALYTICS_REFRESH_SECONDS = 0  # only these flushes
    visit(link_client)
    visit(link_client)  # the same visitor: deduplicated in Redis
    visit(link_client, ip="198.51.100.9")
    visit(link_client, ua=CRAWLERS[0])
    assert total_clicks(share) == 0  # buffered, not yet in the database
    assert clicks.clicks_pending() == 2

    assert flush_and_rollup()["clicks"] == 2
    assert total_clicks(share) == 2
    assert flush_and_rollup()["clicks"] == 0
    assert total_clicks(share) == 2

    visit(link_client, ip="192.0.2.1")
    flush_and_rollup()
    flush_and_rollup()
    assert total_clicks(share) == 3
    assert ShareDaily.objects.get().clicks == 3
    assert clicks.clicks_pending() == 0


def test_redis_flush_after_a_crash_adds_each_batch_once(share, redis_clicks, settings):
    prefix = settings.BOEGBEELD_CLICK_REDIS_PREFIX
    today = timezone.localdate().isoformat()
    # A flush that crashed after committing, before deleting its batch key:
    redis_clicks.hset(f"{prefix}flushing:aaaa", f"{share.pk}:{today}", 5)
    ClickFlush.objects.create(batch="aaaa", clicks=5)
    ClickDaily.objects.create(share=share, day=timezone.localdate(), count=5)
    # ... and one that crashed before committing:
    redis_clicks.hset(f"{prefix}flushing:bbbb", f"{share.pk}:{today}", 2)
    # ... while new clicks came in.
    redis_clicks.hset(f"{prefix}pending", f"{share.pk}:{today}", 1)

    result = clicks.clicks_flush()
    assert result.clicks == 3
    assert total_clicks(share) == 8
    assert not list(redis_clicks.scan_iter(f"{prefix}flushing:*"))
    assert clicks.clicks_flush().clicks == 0
    assert total_clicks(share) == 8


def test_redis_buffer_stores_no_ip_address(link_client, share, redis_clicks, settings):
    visit(link_client)
    prefix = settings.BOEGBEELD_CLICK_REDIS_PREFIX
    dumped = []
    for key in redis_clicks.scan_iter(f"{prefix}*"):
        dumped.append(key.decode())
        if redis_clicks.type(key) == b"hash":
            dumped.append(str(redis_clicks.hgetall(key)))
        else:
            dumped.append(str(redis_clicks.get(key)))
    assert dumped
    assert IP not in " ".join(dumped) and "iPhone" not in " ".join(dumped)
    flush_and_rollup()
    assert IP not in _every_stored_row()


def test_a_failing_buffer_never_breaks_the_redirect(link_client, share, settings):
    settings.BOEGBEELD_CLICK_BUFFER = "redis"
    settings.BOEGBEELD_CLICK_REDIS_URL = "redis://127.0.0.1:1/0"
    visit(link_client)
