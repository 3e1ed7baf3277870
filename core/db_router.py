"""The read replica: which reads may go to it.

With `DATABASE_REPLICA_URL` set there is a second database alias, `replica`
(config/databases.py). Only code that asks for it reads from it: a view wrapped in
`replica_reads` (the analytics dashboard and its CSV exports: heavy, read-only,
and a few seconds behind is fine there). Everything else, every write, and every
read inside a transaction (which may have written: it must see its own writes)
stays on `default`. Without a replica everything is on `default`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_reading_from_replica: ContextVar[bool] = ContextVar("replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def replica_alias() -> str:
    """The alias heavy reads use right now: `replica`, or `default` when there is
    no replica or a transaction is open on `default`."""
    if not replica_configured() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return REPLICA


@contextmanager
def replica_reading() -> Iterator[None]:
    """Reads by the ORM in this block go to the replica (see `replica_alias`)."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def replica_reads(view: Callable[..., Any]) -> Callable[..., Any]:
    """A view whose reads go to the replica."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with replica_reading():
            return view(*args, **kwargs)

    return wrapped


class ReplicaRouter:
    """Reads inside `replica_reading` go to the replica; all else to `default`."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if _reading_from_replica.get():
            return replica_alias()
        return None  # Django's choice: the instance's own database, or `default`

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Both aliases hold the same data.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
