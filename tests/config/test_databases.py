"""config/databases.py: the primary from DATABASE_URL, and a read replica with the
same options when DATABASE_REPLICA_URL is set."""

import environ
import pytest

from advocacy.sharing.models import Share
from config.databases import databases
from core.db_router import REPLICA, replica_alias, replica_reading


def _databases(monkeypatch, **env: str) -> dict:
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return databases(environ.Env())


def test_a_replica_url_adds_a_replica_configured_like_the_primary(monkeypatch):
    found = _databases(
        monkeypatch,
        DATABASE_URL="postgres://app@primary.internal:5432/boegbeeld",
        DATABASE_REPLICA_URL="postgres://app@replica.internal:5433/boegbeeld",
        DATABASE_POOL_MAX="7",
        CONN_MAX_AGE="0",
    )
    primary, replica = found["default"], found[REPLICA]
    assert (replica["HOST"], replica["PORT"]) == ("replica.internal", 5433)
    assert replica["OPTIONS"]["pool"] == primary["OPTIONS"]["pool"]
    assert replica["OPTIONS"]["pool"]["max_size"] == 7
    assert replica["CONN_MAX_AGE"] == primary["CONN_MAX_AGE"]
    assert replica["TEST"] == {"MIRROR": "default"}


def test_without_a_replica_url_there_is_only_the_primary(monkeypatch):
    found = _databases(monkeypatch, DATABASE_URL="postgres://app@db:5432/boegbeeld")
    assert list(found) == ["default"]


@pytest.mark.django_db
def test_without_a_replica_reads_stay_on_the_primary():
    with replica_reading():
        assert replica_alias() == "default"
        assert Share.objects.count() == 0
