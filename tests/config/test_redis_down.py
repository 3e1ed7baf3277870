"""The site while Redis is down: pages, logins, links and APIs answer; nothing 500s.

Production's Redis wiring (cache, channel layers, click buffer) on a redis-server
of the test's own, killed by PID in the middle of the test.
"""

import json

import pytest
import redis
from django.test import Client

from advocacy.sharing.models import ClickFlush, ClickVisitor, Share
from cms.selectors import LIBRARY_VERSION_KEY
from realtime import services
from realtime.models import Feedback
from tests.advocacy.sharing.sharing_support import *  # noqa: F403
from tests.advocacy.sharing.sharing_support import DISCLOSURE
from tests.factories import PASSWORD, ShareFactory, UserFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"


def _site_requests(employee_client, story, share, api_token) -> dict[str, int]:
    """Status per request of a visit touching everything that used Redis."""
    statuses = {}
    anonymous = Client()
    statuses["login GET"] = anonymous.get("/accounts/login/").status_code
    user = UserFactory()
    login = anonymous.post(
        "/accounts/login/", {"login": user.email, "password": PASSWORD}
    )
    statuses["login POST"] = login.status_code
    assert anonymous.session.get("_auth_user_id") == str(user.pk)
    statuses["library"] = employee_client.get("/").status_code
    statuses["impact"] = employee_client.get("/impact/").status_code
    statuses["story"] = employee_client.get(story.url).status_code
    compose = f"/stories/{story.pk}/share/"
    statuses["composer"] = employee_client.get(compose).status_code
    shared = employee_client.post(
        compose, {"network": "x", "text": f"Proud of this team. {DISCLOSURE}"}
    )
    statuses["share POST"] = shared.status_code
    statuses["tracked link"] = anonymous.get(
        f"/s/{share.code}", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.9"
    ).status_code
    statuses["guidelines API"] = employee_client.post(
        "/api/v1/guidelines/check",
        {"text": f"Proud of this team. {DISCLOSURE}", "network": "x"},
        content_type="application/json",
    ).status_code
    statuses["feedback API"] = anonymous.post(
        "/api/v1/feedback",
        json.dumps({"text": "Snel geholpen, dank!", "rating": 5}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api_token}",
    ).status_code
    statuses["readyz"] = anonymous.get("/readyz").status_code
    return statuses


@pytest.fixture
def share(employee, story):
    return ShareFactory(user=employee, story=story, network="x")


@pytest.fixture
def api_token(db) -> str:
    return services.feedback_source_create(name="webcare")[1]


def test_site_answers_without_redis(
    site_on_redis, employee_client, story, share, api_token
):
    assert employee_client.get("/").status_code == 200  # caches while Redis is up
    site_on_redis.kill()

    statuses = _site_requests(employee_client, story, share, api_token)

    assert statuses == {
        "login GET": 200,
        "login POST": 302,
        "library": 200,
        "impact": 200,
        "story": 200,
        "composer": 200,
        "share POST": 302,
        "tracked link": 302,
        "guidelines API": 200,
        "feedback API": 201,
        "readyz": 503,
    }
    # The share, the click (straight into the database) and the feedback are stored.
    assert Share.objects.filter(user__email="eva@example.com").count() == 2
    assert ClickVisitor.objects.filter(share=share).count() == 1
    assert Feedback.objects.filter(text="Snel geholpen, dank!").exists()


def test_site_uses_redis_again_once_it_is_back(
    site_on_redis, redis_retry_now, employee_client, story, share, api_token
):
    site_on_redis.kill()
    assert employee_client.get("/").status_code == 200
    site_on_redis.start()
    redis_retry_now()

    statuses = _site_requests(employee_client, story, share, api_token)

    assert all(status < 500 for name, status in statuses.items()), statuses
    assert statuses["readyz"] == 200
    stored = redis.Redis.from_url(site_on_redis.url)
    assert stored.exists(f":1:{LIBRARY_VERSION_KEY}")  # the cache is used again
    # The click went through the Redis buffer (flushed after it), not the fallback.
    assert ClickFlush.objects.get().clicks == 1
    assert not ClickVisitor.objects.exists()


def test_failed_logins_are_still_limited_without_redis(site_on_redis, client):
    """Counted per process while Redis is down: guessing stays slow."""
    user = UserFactory()
    site_on_redis.kill()
    wrong = {"login": user.email, "password": "not-the-password"}
    answers = [client.post("/accounts/login/", wrong) for _ in range(6)]
    assert [a.status_code for a in answers] == [200] * 6  # the form, with an error
    limited = "Too many failed login attempts"
    assert [limited in a.content.decode() for a in answers] == [False] * 5 + [True]
    # The right password too, until the window has passed.
    right = {"login": user.email, "password": PASSWORD}
    assert limited in client.post("/accounts/login/", right).content.decode()
    assert "_auth_user_id" not in client.session


def test_a_totp_code_is_refused_while_it_cannot_be_marked_used(site_on_redis):
    """The replay guard needs the shared cache; without it a code is never
    accepted (it could be replayed on another worker)."""
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    def current_code(secret: str) -> str:
        counter = next(iter(yield_hotp_counters_from_time()))
        return format_hotp_value(hotp_value(secret, counter))

    secret, other_secret = generate_totp_secret(), generate_totp_secret()
    totp = TOTP.activate(UserFactory(), secret)
    other = TOTP.activate(UserFactory(), other_secret)
    assert totp.validate_code(current_code(secret)) is True  # Redis up
    assert totp.validate_code(current_code(secret)) is False  # a replay

    site_on_redis.kill()
    assert other.validate_code(current_code(other_secret)) is False


def test_sessions_live_in_the_database_not_the_cache(settings, client):
    """A Redis outage must not log anyone out."""
    from django.contrib.sessions.models import Session

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    client.force_login(UserFactory())
    assert Session.objects.filter(session_key=client.session.session_key).exists()


def test_clicks_are_rolled_up_while_the_click_buffer_is_down(site_on_redis, share):
    from advocacy.sharing.clicks import click_record
    from advocacy.sharing.models import ClickDaily
    from advocacy.sharing.tasks import rollup_recent

    site_on_redis.kill()
    visit = {"share_id": share.pk, "code": share.code, "user_agent": BROWSER}
    assert click_record(ip="203.0.113.9", **visit) is True  # into the database
    assert click_record(ip="203.0.113.9", **visit) is False  # once per visitor

    assert rollup_recent()["flushed"] == 0  # the buffer waits for Redis
    assert ClickDaily.objects.get(share=share).count == 1


async def test_readyz_layer_check_is_ready_again_as_soon_as_redis_is_back(
    site_on_redis,
):
    """In one event loop (as under uvicorn) the layer keeps its connections: those
    opened before the restart must not make it look down."""
    from config.health import channel_layer_ready

    await channel_layer_ready()
    site_on_redis.kill()
    with pytest.raises(redis.exceptions.ConnectionError):
        await channel_layer_ready()
    site_on_redis.start()
    for _ in range(4):
        await channel_layer_ready()


def test_a_recovery_code_still_logs_in_while_redis_is_down(site_on_redis, client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = UserFactory()
    TOTP.activate(user, generate_totp_secret())
    code = RecoveryCodes.activate(user).get_unused_codes()[0]
    site_on_redis.kill()

    login = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert login.status_code == 302
    assert login["Location"] == "/accounts/2fa/authenticate/"
    second = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert second.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
