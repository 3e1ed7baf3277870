"""No click is lost when a worker restarts: a click is in Redis before its answer.

A real uvicorn process serves the tracked link (config.asgi) on the test
database and a Redis click buffer of the test's own; it is stopped with SIGTERM
while visitors are arriving, and started again.
"""

from concurrent.futures import ThreadPoolExecutor, as_completed

import pytest
import requests

from advocacy.sharing import clicks
from advocacy.sharing.models import ClickDaily
from tests.advocacy.sharing.sharing_support import *  # noqa: F403
from tests.conftest import database_is_postgres, need
from tests.factories import ShareFactory
from tests.realtime.helpers import database_url
from tests.realtime.servers import free_port, start_uvicorn, stop

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"


@pytest.fixture
def worker_env(redis_clicks, redis_url, settings) -> dict:
    if not database_is_postgres():
        need("Postgres (DATABASE_URL) so that the worker shares the test database")
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "BOEGBEELD_CLICK_BUFFER": "redis",
        "BOEGBEELD_CLICK_REDIS_URL": redis_url,
        "BOEGBEELD_CLICK_REDIS_PREFIX": settings.BOEGBEELD_CLICK_REDIS_PREFIX,
        "BOEGBEELD_ANALYTICS_REFRESH_SECONDS": "0",  # only the flush below
    }


def visit(port: int, code: str, visitor: int) -> int | None:
    """The visitor's number when the redirect came back, else None."""
    try:
        response = requests.get(
            f"http://127.0.0.1:{port}/s/{code}",
            headers={
                "User-Agent": BROWSER,
                # Each visitor its own address, as the proxy reports it
                # (uvicorn believes X-Forwarded-For from 127.0.0.1).
                "X-Forwarded-For": f"198.51.{visitor // 250}.{visitor % 250 + 1}",
            },
            allow_redirects=False,
            timeout=10,
        )
    except requests.RequestException:  # the worker went away before answering
        return None
    return visitor if response.status_code == 302 else None


def test_clicks_survive_a_worker_restart(worker_env, story):
    share = ShareFactory(story=story, code="Abc12345")
    port = free_port()
    answered: set[int] = set()

    worker = start_uvicorn(port, worker_env)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            visits = [pool.submit(visit, port, share.code, n) for n in range(60)]
            for done in as_completed(visits, timeout=60):
                if done.result() is not None:
                    answered.add(done.result())
                if len(answered) == 20:
                    stop(worker)  # SIGTERM while visitors are still arriving
    finally:
        stop(worker)
    assert len(answered) >= 20
    # The worker is gone; its clicks are not: they wait in Redis.
    assert clicks.clicks_pending() == len(answered)

    worker = start_uvicorn(port, worker_env)
    try:
        later = {visit(port, share.code, n) for n in range(100, 120)}
        again = {visit(port, share.code, n) for n in sorted(answered)[:5]}
    finally:
        stop(worker)
    assert later == set(range(100, 120))
    assert again == set(sorted(answered)[:5])  # answered, not counted twice

    assert clicks.clicks_flush().clicks == len(answered) + 20
    assert ClickDaily.objects.get(share=share).count == len(answered) + 20
