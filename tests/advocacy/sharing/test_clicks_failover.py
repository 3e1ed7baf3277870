"""The Redis click buffer on Redis Sentinel: a fail-over loses no click.

A real primary, replica and three sentinels (`site_on_sentinels`); each click
waits for the replica in the same round trip as its record, so what was buffered
before the primary is killed is on the new primary and flushed from there.
"""

import os
import signal

import pytest

from advocacy.sharing import clicks
from advocacy.sharing.models import ClickDaily, ClickVisitor
from tests.advocacy.sharing.sharing_support import *  # noqa: F403
from tests.factories import ShareFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture
def share(story, settings):
    settings.BOEGBEELD_ANALYTICS_REFRESH_SECONDS = 0  # only the test's flushes
    return ShareFactory(story=story, code="Fail0ver")


def visit(client, n: int) -> None:
    response = client.get(
        "/s/Fail0ver", REMOTE_ADDR=f"198.51.100.{n}", HTTP_USER_AGENT=BROWSER
    )
    assert response.status_code == 302


def total_clicks(share) -> int:
    return sum(ClickDaily.objects.filter(share=share).values_list("count", flat=True))


def buffered_on(server, settings) -> int:
    pending = server.hgetall(settings.BOEGBEELD_CLICK_REDIS_PREFIX + "pending")
    return sum(int(count) for count in pending.values())


def test_no_click_is_lost_across_a_failover(
    link_client, share, site_on_sentinels, settings
):
    client = link_client
    cluster = site_on_sentinels
    primary = cluster.primary_port()
    replica = next(port for port in cluster.servers if port != primary)
    for n in range(1, 31):
        visit(client, n)
    assert total_clicks(share) == 0  # all in the buffer ...
    # ... and each on the replica already, before the primary dies.
    assert buffered_on(cluster.server(replica), settings) == 30

    # The replica falls behind (stopped) and the primary dies: the clicks it did
    # not acknowledge in time were written to the database instead.
    os.kill(cluster.servers[replica].pid, signal.SIGSTOP)
    try:
        for n in range(31, 34):
            visit(client, n)
        assert ClickVisitor.objects.count() == 3
        cluster.kill_primary()
    finally:
        os.kill(cluster.servers[replica].pid, signal.SIGCONT)
    for n in range(34, 39):  # during the fail-over: written to the database
        visit(client, n)
    assert cluster.wait_for_failover(primary) == replica
    for n in range(39, 44):  # after it: the new primary has no replica yet
        visit(client, n)

    flushed = clicks.clicks_flush()
    assert flushed.clicks == 30
    assert total_clicks(share) == 43
    assert clicks.clicks_pending() == 0


def test_a_click_no_replica_acknowledges_goes_to_the_database(
    link_client, share, site_on_sentinels, settings
):
    client = link_client
    cluster = site_on_sentinels
    settings.BOEGBEELD_CLICK_REPLICA_WAIT_MS = 50
    cluster.kill_replica()

    visit(client, 1)
    visit(client, 1)  # the same visitor: still counted once
    assert ClickVisitor.objects.count() == 1
    assert total_clicks(share) == 1
    # Taken back from the buffer, so a flush does not count it again.
    assert clicks.clicks_pending() == 0
    assert clicks.clicks_flush().clicks == 0
    assert total_clicks(share) == 1
