"""The tracked-link app in config/asgi.py: Django's answer, without Django's path.

Requests go through the site's real ASGI application (`AsgiClient`); the same
requests through Django's view (the test client) give the reference answer.
"""

import pytest
from django.core.signals import request_started
from django.test import Client

from advocacy.sharing import clicks
from advocacy.sharing.models import ClickFlush, ClickVisitor, Share
from tests.advocacy.sharing.asgi_client import AsgiClient
from tests.advocacy.sharing.sharing_support import *  # noqa: F403
from tests.factories import ShareFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"
LINKEDIN_BOT = "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient)"
# A request that reached the worker over https (uvicorn: from the proxy's
# X-Forwarded-Proto, for trusted proxies only).
HTTPS = {"wsgi.url_scheme": "https"}


@pytest.fixture
def share(story):
    return ShareFactory(story=story, network="linkedin", code="Abc12345")


@pytest.fixture
def django_requests():
    """How many requests went through Django's request handling."""
    seen = []

    def count(sender, **kwargs):
        seen.append(sender)

    request_started.connect(count)
    yield seen
    request_started.disconnect(count)


@pytest.fixture(autouse=True)
def _breaker_closed():
    clicks.buffer_breaker.reset()
    yield
    clicks.buffer_breaker.reset()


@pytest.mark.parametrize(
    ("method", "meta"),
    [
        ("get", {"HTTP_USER_AGENT": BROWSER}),
        ("get", {"HTTP_USER_AGENT": BROWSER, "wsgi.url_scheme": "https"}),
        (
            "get",
            {
                "HTTP_USER_AGENT": BROWSER,
                "wsgi.url_scheme": "https",
                "HTTP_ACCEPT_LANGUAGE": "nl-NL,nl;q=0.9,en;q=0.5",
            },
        ),
        ("get", {"HTTP_USER_AGENT": LINKEDIN_BOT, "HTTP_COOKIE": "django_language=nl"}),
        ("head", {"HTTP_USER_AGENT": BROWSER, "wsgi.url_scheme": "https"}),
    ],
)
def test_answer_is_the_views_header_for_header(
    share, db_clicks, django_requests, method, meta
):
    from advocacy.sharing.links import tracked_link_cache_clear

    lean = getattr(AsgiClient(), method)("/s/Abc12345", **meta)
    assert django_requests == []  # answered without Django's request handling
    tracked_link_cache_clear()
    reference = getattr(Client(), method)("/s/Abc12345", **meta)
    assert reference.status_code == lean.status_code == 302
    assert lean.raw_headers == [
        (name.lower(), value) for name, value in reference.items()
    ]
    assert lean.content == reference.content == b""


def test_the_answer_carries_the_security_headers(share, db_clicks):
    response = AsgiClient().get("/s/Abc12345", HTTP_USER_AGENT=BROWSER, **HTTPS)
    assert response["Strict-Transport-Security"].startswith("max-age=")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/s/Zzzzzzzz", "This link does not lead anywhere"),
        ("/s/abc", "This link does not lead anywhere"),
        ("/s/%2F%2Fevil.example", ""),  # no such URL at all: the site's 404
    ],
)
def test_unknown_codes_are_left_to_django(path, text, django_requests):
    response = AsgiClient().get(path, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 404
    assert len(django_requests) == 1
    assert "Location" not in response
    assert text in response.text


def test_other_methods_are_left_to_django(share, db_clicks, django_requests):
    response = AsgiClient().request("POST", "/s/Abc12345", HTTP_USER_AGENT=BROWSER)
    assert len(django_requests) == 1
    assert response.status_code in {403, 405}  # CSRF or require_safe: Django's answer
    assert not ClickVisitor.objects.exists()


def test_a_host_outside_allowed_hosts_gets_djangos_400(share, db_clicks):
    response = AsgiClient().get(
        "/s/Abc12345", HTTP_USER_AGENT=BROWSER, HTTP_HOST="evil.example"
    )
    assert response.status_code == 400
    assert "Location" not in response
    assert not ClickVisitor.objects.exists()


def test_plain_http_is_left_to_django_when_https_is_required(
    share, db_clicks, settings, django_requests
):
    """Django's SecurityMiddleware redirects it to https (the application here
    built its middleware before this test turned SECURE_SSL_REDIRECT on)."""
    settings.SECURE_SSL_REDIRECT = True
    AsgiClient().get("/s/Abc12345", HTTP_USER_AGENT=BROWSER)
    assert len(django_requests) == 1
    reference = Client().get("/s/Abc12345", HTTP_USER_AGENT=BROWSER)
    assert reference.status_code == 301
    assert reference["Location"] == "https://testserver/s/Abc12345"
    secure = AsgiClient().get("/s/Abc12345", HTTP_USER_AGENT=BROWSER, **HTTPS)
    assert secure.status_code == 302
    assert len(django_requests) == 2  # the test client's; none for the https one


def test_the_visitor_is_the_asgi_client_address(share, db_clicks):
    """REMOTE_ADDR as Django would set it: scope["client"] (which uvicorn's
    --proxy-headers takes from X-Forwarded-For of a trusted proxy only)."""
    client = AsgiClient(HTTP_USER_AGENT=BROWSER)
    client.get(
        "/s/Abc12345", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    client.get(
        "/s/Abc12345", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="5.6.7.8"
    )
    assert ClickVisitor.objects.count() == 1
    client.get("/s/Abc12345", REMOTE_ADDR="198.51.100.2")
    assert ClickVisitor.objects.count() == 2


def test_a_preview_crawler_marks_the_share_once_and_counts_nothing(share, db_clicks):
    AsgiClient().get("/s/Abc12345", HTTP_USER_AGENT=LINKEDIN_BOT)
    first = Share.objects.get(pk=share.pk).preview_fetched_at
    assert first is not None
    AsgiClient().head("/s/Abc12345", HTTP_USER_AGENT="Twitterbot/1.0")
    shared = Share.objects.get(pk=share.pk)
    assert (shared.preview_fetched_at, shared.preview_network) == (first, "linkedin")
    assert not ClickVisitor.objects.exists()


def test_clicks_go_to_the_redis_buffer_in_one_round_trip(share, redis_clicks, settings):
    settings.BOEGBEELD_ANALYTICS_REFRESH_SECONDS = 0  # no flush but the one below
    client = AsgiClient(HTTP_USER_AGENT=BROWSER)
    for address in ("203.0.113.1", "203.0.113.1", "203.0.113.2"):
        assert client.get("/s/Abc12345", REMOTE_ADDR=address).status_code == 302
    assert clicks.clicks_pending() == 2
    assert not ClickVisitor.objects.exists()  # nothing went to the database
    assert clicks.clicks_flush().clicks == 2


def test_clicks_go_to_the_database_while_redis_is_down(
    site_on_redis, redis_retry_now, share
):
    client = AsgiClient(HTTP_USER_AGENT=BROWSER)
    site_on_redis.kill()
    assert client.get("/s/Abc12345", REMOTE_ADDR="203.0.113.1").status_code == 302
    assert ClickVisitor.objects.filter(share=share).count() == 1
    assert clicks.buffer_breaker.down

    site_on_redis.start()
    redis_retry_now()
    assert client.get("/s/Abc12345", REMOTE_ADDR="203.0.113.2").status_code == 302
    assert not clicks.buffer_breaker.down
    assert clicks.clicks_flush().clicks == 1  # through the buffer again
    assert ClickFlush.objects.get().clicks == 1
    assert ClickVisitor.objects.filter(share=share).count() == 1


def test_a_click_brings_the_figures_up_to_date_once_an_interval(
    share, db_clicks, settings
):
    from advocacy.sharing.models import ShareDaily

    settings.BOEGBEELD_ANALYTICS_REFRESH_SECONDS = 3600
    client = AsgiClient(HTTP_USER_AGENT=BROWSER)
    client.get("/s/Abc12345", REMOTE_ADDR="203.0.113.1")
    assert ShareDaily.objects.get().clicks == 1
    client.get("/s/Abc12345", REMOTE_ADDR="203.0.113.2")  # within the interval
    assert ShareDaily.objects.get().clicks == 1
    assert ClickVisitor.objects.count() == 2
