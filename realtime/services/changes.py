"""Sequence numbers for everything screens show, given in commit order.

Each change a screen must see (feedback approved, hidden, edited or deleted; an
emergency message set, cleared or deleted) takes the next number from one
counter row inside the change's own transaction, and the thing's `ScreenChange`
row records it. The counter row stays locked until commit (Postgres row lock;
SQLite begins every transaction IMMEDIATE, so writers queue on its lock), so
a reader that has seen N never later finds a change below N committed after it.
Take the number last in the transaction: the lock is then held only briefly.

Pushes carry the number (`"seq"`), and after commit the `latest` marker is raised
to it, so heartbeating screens notice a push they never got.
"""

from __future__ import annotations

import secrets
from contextlib import nullcontext

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.db.models.sql import InsertQuery

from realtime import latest
from realtime.models import ScreenChange, ScreenChangeCounter

FEEDBACK = ScreenChange.Kind.FEEDBACK
EMERGENCY = ScreenChange.Kind.EMERGENCY


def _next_seq() -> int:
    counter = ScreenChangeCounter.objects.filter(pk=1)
    if not counter.update(value=F("value") + 1):
        # The row is made by a migration; a test flush may have removed it.
        ScreenChangeCounter.objects.get_or_create(pk=1)
        counter.update(value=F("value") + 1)
    return counter.values_list("value", flat=True).get()


# The next number and the thing's change row in one statement (Postgres):
# realtime_screenchangecounter and realtime_screenchange are the tables of
# `ScreenChangeCounter` and `ScreenChange`. The counter's update runs first (the
# insert reads its number), so every writer locks the counter row before a
# change row: writers queue in one order and cannot deadlock.
_RECORD_SQL = """
WITH c AS (
    UPDATE realtime_screenchangecounter SET value = value + 1 WHERE id = 1
    RETURNING value
)
INSERT INTO realtime_screenchange AS s
    (seq, kind, target, location_id, moved, everywhere)
SELECT c.value, %(kind)s, %(target)s, %(location_id)s::integer, %(moved)s,
       %(moved)s OR NOT %(on_screens)s
FROM c
ON CONFLICT (kind, target) DO UPDATE SET
    seq = EXCLUDED.seq,
    location_id = EXCLUDED.location_id,
    moved = s.moved OR EXCLUDED.moved
        OR s.location_id IS DISTINCT FROM EXCLUDED.location_id,
    everywhere = s.moved OR EXCLUDED.moved
        OR s.location_id IS DISTINCT FROM EXCLUDED.location_id
        OR NOT %(on_screens)s
RETURNING s.seq
"""


def _record_in_one_statement(params: dict) -> int:
    """Postgres: number the change and write its row in one round trip, so that
    writers hold the counter's lock for as short as possible (under a stream of
    changes every round trip made under it, each also waiting for the
    interpreter's lock in a busy worker, was paid by every writer behind it)."""
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(_RECORD_SQL, params)
        row = cursor.fetchone()
    if row is None:
        # The row is made by a migration; a test flush may have removed it.
        ScreenChangeCounter.objects.get_or_create(pk=1)
        return _record_in_one_statement(params)
    return row[0]


def _record_with_orm(params: dict) -> int:
    """Other databases: the same change, statement by statement. SQLite begins
    every transaction IMMEDIATE, so its writers already queue on its lock."""
    kind, target = params["kind"], params["target"]
    location_id, moved = params["location_id"], params["moved"]
    change = (
        ScreenChange.objects.select_for_update()
        .filter(kind=kind, target=target)
        .first()
    )
    if change is None:
        # A unique stand-in until the number is taken, last.
        change = ScreenChange(kind=kind, target=target, seq=-1 - secrets.randbits(62))
    elif change.location_id != location_id:
        moved = True  # also when it moved while off the screens
    change.moved = change.moved or moved
    change.location_id = location_id
    change.everywhere = change.moved or not params["on_screens"]
    change.save()
    change.seq = _next_seq()
    change.save(update_fields=["seq"])
    return change.seq


# A new row and its change, numbered, in one statement (Postgres). The counter's
# number is read as a scalar: without the counter row it is NULL, and the change
# row's NOT NULL refuses the whole statement, the new row with it.
_INSERT_RECORDED_SQL = """
WITH new_row AS ({insert}),
c AS (
    UPDATE realtime_screenchangecounter SET value = value + 1 WHERE id = 1
    RETURNING value
)
INSERT INTO realtime_screenchange
    (seq, kind, target, location_id, moved, everywhere)
SELECT (SELECT value FROM c), %s, new_row.{pk}, %s::integer, false, false
FROM new_row
RETURNING seq, target
"""


def screen_change_insert_recorded(
    instance: models.Model, *, kind: str, location_id: int | None
) -> int | None:
    """Insert the new `instance` (shown on the screens at once) and number its
    change in one statement; returns the number, or None on another database
    (the caller then saves and calls `screen_change_record`).

    Outside a transaction the statement is its own: the counter row is locked
    only while Postgres runs it, not while a busy worker gets back to send
    COMMIT, which under a burst of changes was the queue every writer waited
    in. Inside one, a savepoint keeps a refused insert (IntegrityError) from
    breaking it, and the counter stays locked until that transaction commits.
    """
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        return None
    meta = instance._meta
    query = InsertQuery(type(instance))
    fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field]
    query.insert_values(fields, [instance])
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = [meta.pk]
    [(insert_sql, insert_params)] = compiler.as_sql()
    sql = _INSERT_RECORDED_SQL.format(
        insert=insert_sql, pk=connection.ops.quote_name(meta.pk.column)
    )
    params = [*insert_params, kind, location_id]
    try:
        guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
        with guard, connection.cursor() as cursor:
            cursor.execute(sql, params)
            seq, pk = cursor.fetchone()
    except IntegrityError:
        if not ScreenChangeCounter.objects.filter(pk=1).exists():
            # The row is made by a migration; a test flush may have removed it.
            ScreenChangeCounter.objects.get_or_create(pk=1)
            return screen_change_insert_recorded(
                instance, kind=kind, location_id=location_id
            )
        raise
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = connection.alias
    transaction.on_commit(lambda: latest.mark_changed(seq))
    return seq


def screen_change_record(
    *,
    kind: str,
    target: int,
    location_id: int | None,
    on_screens: bool = True,
    moved: bool = False,
) -> int:
    """Give this change the next sequence number; returns it.

    Call inside the transaction that makes the change, after its writes.
    `on_screens`: the thing is shown now (an approved item); `moved`: a
    feedback item's location changed (also found from its last change).
    Screens of every location look at a change of something not shown now
    (any of them may still show it) or of an item that ever moved; otherwise
    only the screens its location reaches.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("a screen change is recorded inside its transaction")
    params = {
        "kind": kind,
        "target": target,
        "location_id": location_id,
        "moved": moved,
        "on_screens": on_screens,
    }
    if connection.vendor == "postgresql":
        seq = _record_in_one_statement(params)
    else:
        seq = _record_with_orm(params)
    transaction.on_commit(lambda: latest.mark_changed(seq))
    return seq
