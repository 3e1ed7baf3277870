"""Databases for Boegbeeld: `DATABASE_URL` (default: SQLite next to the code) and,
with `DATABASE_REPLICA_URL`, a read replica under the alias `replica`.

The replica gets the same options as the primary (pool, connection age). Only the
heavy reads of the analytics pages go to it (`core.db_router`); every write, every
read inside a transaction and everything else stays on `default`.
"""

from pathlib import Path

import environ

from core.db_router import REPLICA

__all__ = ["DATABASES", "DATABASE_ROUTERS", "DEFAULT_AUTO_FIELD"]

env = environ.Env()
BASE_DIR = Path(__file__).resolve().parent.parent


def database_settings(url: str, *, environment: environ.Env = env) -> dict:
    """One database's settings from its URL, with the options every alias shares."""
    database = environment.db_url_config(url)
    database["CONN_MAX_AGE"] = environment.int("CONN_MAX_AGE", default=0)
    # Under ASGI every request may run in another thread, so persistent connections
    # are not reused; a connection pool is (psycopg's, built into Django).
    if "postgresql" in database["ENGINE"] and environment.bool(
        "DATABASE_POOL", default=True
    ):
        database.setdefault("OPTIONS", {})["pool"] = {
            "min_size": environment.int("DATABASE_POOL_MIN", default=2),
            "max_size": environment.int("DATABASE_POOL_MAX", default=20),
            "timeout": 10,
        }
    if "sqlite" in database["ENGINE"]:
        # `make run` has two writers (the web server and the worker): take the write
        # lock when a transaction begins and wait for it, instead of failing with
        # "database is locked" when a read turns into a write.
        database.setdefault("OPTIONS", {}).update(
            {"transaction_mode": "IMMEDIATE", "timeout": 20}
        )
    return database


def databases(environment: environ.Env = env) -> dict[str, dict]:
    """`default`, and `replica` when DATABASE_REPLICA_URL is set."""
    found = {
        "default": database_settings(
            environment.str(
                "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
            ),
            environment=environment,
        )
    }
    replica_url = environment.str("DATABASE_REPLICA_URL", default="")
    if replica_url:
        replica = database_settings(replica_url, environment=environment)
        # Tests use the primary's test database through a connection of its own.
        replica["TEST"] = {"MIRROR": "default"}
        found[REPLICA] = replica
    return found


DATABASES = databases()
DATABASE_ROUTERS = ["core.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
