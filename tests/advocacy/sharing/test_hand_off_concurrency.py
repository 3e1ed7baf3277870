"""Hand-offs at the same moment (a double tap, two tabs) still count once."""

import threading

import pytest
from django.db import connection

from advocacy.sharing.hand_off import share_hand_off
from advocacy.sharing.models import PointEntry, Share
from cms.models import StoryPage
from tests.conftest import database_is_postgres, need
from tests.factories import ShareFactory, UserFactory, story_page_factory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def at_once(*calls) -> list:
    """Run `calls` in threads released together; each on its own connection."""
    start = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(n, call):
        try:
            start.wait()
            results[n] = call()
        except Exception as exc:  # noqa: BLE001 - reported to the test below
            results[n] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_hand_off_at_the_same_moment_counts_the_person_once():
    if not database_is_postgres():
        need("Postgres (DATABASE_URL): row locks across connections")
    user = UserFactory()
    story = story_page_factory(title="Solar roofs", slug="solar")
    first, second = (
        ShareFactory(user=user, story=story, network="x", prepared=True)
        for _ in range(2)
    )
    results = at_once(
        lambda: share_hand_off(user=user, share_id=first.pk, path="intent"),
        lambda: share_hand_off(user=user, share_id=first.pk, path="copy"),
        lambda: share_hand_off(user=user, share_id=second.pk, path="intent"),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert [r.counted for r in results[:2]].count(True) == 1
    assert Share.objects.handed_off().count() == 2
    assert StoryPage.objects.get(pk=story.pk).share_count == 1
    assert PointEntry.objects.filter(kind="share").count() == 1
