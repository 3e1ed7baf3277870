"""Feedback approved on arrival, on Postgres: the row and its numbered change in one
statement, so the sequence counter is locked only while Postgres runs it."""

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from realtime import selectors, services
from realtime.models import Feedback, ScreenChange, ScreenChangeCounter
from realtime.services.changes import FEEDBACK
from tests.conftest import need
from tests.factories import LocationFactory
from tests.realtime.helpers import second_writer_after_open_change


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        need("Postgres (the one-statement ingest is Postgres' own)")


def change_of(item: Feedback) -> ScreenChange:
    return ScreenChange.objects.get(kind=FEEDBACK, target=item.pk)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_the_item_and_its_change_are_one_statement():
    location = LocationFactory()
    # Moderation rules and the like are read once per process, not per item.
    services.feedback_ingest(text="Het eerste item leest de regels", rating=5)
    before = selectors.change_seq_current()
    with CaptureQueriesContext(connection) as queries:
        result = services.feedback_ingest(
            text="Binnen een uur geholpen", rating=5, location=location
        )
    assert len(queries) == 1, [q["sql"] for q in queries]
    item = result.feedback
    assert result.created and item.status == Feedback.Status.APPROVED
    # Committed as it returned: another connection sees both rows, numbered.
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT f.text, f.location_id, c.seq, c.location_id, c.moved,"
                " c.everywhere FROM realtime_feedback f JOIN realtime_screenchange c"
                " ON c.kind = 'feedback' AND c.target = f.id WHERE f.id = %s",
                [item.pk],
            )
            row = cursor.fetchone()
    finally:
        other.close()
    assert row == (
        "Binnen een uur geholpen",
        location.pk,
        before + 1,
        location.pk,
        False,
        False,
    )
    assert selectors.change_seq_current() == before + 1
    # The object is the stored row: saving it again updates, not inserts.
    item.author = "Sanne J."
    item.save()
    assert Feedback.objects.get(pk=item.pk).author == "Sanne J."


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_ingest_waits_for_an_open_change_so_numbers_follow_commit_order():
    def second() -> int:
        item = services.feedback_ingest(text="Top service", rating=5).feedback
        return change_of(item).seq

    first, then = second_writer_after_open_change(second)
    assert then == first + 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_the_counter_row_it_is_made_and_nothing_is_stored_unnumbered():
    ScreenChangeCounter.objects.all().delete()
    item = services.feedback_ingest(text="Snel geleverd", rating=5).feedback
    assert Feedback.objects.count() == 1
    assert change_of(item).seq == 1
    assert ScreenChangeCounter.objects.get(pk=1).value == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_repeat_is_the_stored_item_and_takes_no_number():
    source, _token = services.feedback_source_create(name="webcare")
    first = services.feedback_ingest(
        text="Top", rating=5, source=source, external_id="t-1"
    )
    numbered = selectors.change_seq_current()
    again = services.feedback_ingest(
        text="Top", rating=5, source=source, external_id="t-1"
    )
    assert (again.created, again.feedback.pk) == (False, first.feedback.pk)
    assert selectors.change_seq_current() == numbered
    assert Feedback.objects.count() == ScreenChange.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_inside_a_transaction_both_rows_go_with_it():
    numbered = selectors.change_seq_current()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.feedback_ingest(text="Wordt teruggedraaid", rating=5)
        assert Feedback.objects.count() == ScreenChange.objects.count() == 1
        raise RuntimeError("the caller's transaction fails")
    assert Feedback.objects.count() == ScreenChange.objects.count() == 0
    assert selectors.change_seq_current() == numbered
    # A refused repeat inside a transaction does not break it (a savepoint).
    source, _token = services.feedback_source_create(name="webcare")
    with transaction.atomic():
        services.feedback_ingest(text="Een", rating=5, source=source, external_id="x")
        again = services.feedback_ingest(
            text="Een", rating=5, source=source, external_id="x"
        )
        assert not again.created
        services.feedback_ingest(text="Twee", rating=5)
    assert Feedback.objects.count() == ScreenChange.objects.count() == 2
