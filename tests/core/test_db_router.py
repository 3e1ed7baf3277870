"""The read replica: the analytics pages read from it; every write, every read in a
transaction and everything else stays on the primary.

The replica here is a second alias on the test database, set up from
DATABASE_REPLICA_URL by config/databases.py, with a connection (and pool) of its own:
what reaches it is what production would send to the replica.
"""

from datetime import timedelta

import environ
import pytest
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from advocacy.sharing import analytics
from advocacy.sharing.models import ClickDaily, Share
from config.databases import databases
from core.db_router import REPLICA, replica_alias, replica_reading
from tests.advocacy.sharing.sharing_support import *  # noqa: F403
from tests.conftest import need
from tests.factories import DepartmentFactory, ShareFactory, UserFactory

pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", REPLICA]
)


def _url(settings_dict: dict, *, port: int | None = None) -> str:
    user, host = settings_dict["USER"] or "postgres", settings_dict["HOST"]
    port = port or settings_dict["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{settings_dict['NAME']}"


def _configure_replica(url: str, **env: str) -> None:
    """Set up the alias as config/databases.py does from DATABASE_REPLICA_URL."""
    _close_replica()
    primary = connections["default"].settings_dict
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", _url(primary))
        patch.setenv("DATABASE_REPLICA_URL", url)
        for name, value in env.items():
            patch.setenv(name, value)
        configured = databases(environ.Env())
    connections.settings[REPLICA] = connections.configure_settings(
        {"default": dict(primary), REPLICA: configured[REPLICA]}
    )[REPLICA]


def _close_replica() -> None:
    if REPLICA in connections.settings:
        connection = connections[REPLICA]
        connection.close()
        if connection.settings_dict.get("OPTIONS", {}).get("pool"):
            connection.close_pool()
        del connections[REPLICA]


@pytest.fixture(scope="module", autouse=True)
def _replica_alias(django_db_setup):
    """The alias exists before each test's database access is set up (it names it)."""
    if connections["default"].vendor != "postgresql":
        need("Postgres")
    _configure_replica(_url(connections["default"].settings_dict))
    yield
    _close_replica()
    del connections.settings[REPLICA]


@pytest.fixture
def replica():
    return connections[REPLICA]


# What the analytics pages read: the rollups, and the shares for counts of people.
FIGURES_TABLES = ('"advocacy_sharerollup"', '"advocacy_share"')


def _tables(captured: CaptureQueriesContext) -> str:
    return " ".join(q["sql"] for q in captured.captured_queries)


@pytest.fixture
def figures(story):
    today = timezone.localdate()
    sales = DepartmentFactory(name="Sales", slug="sales")
    for n in range(6):
        share = ShareFactory(user=UserFactory(), story=story, department=sales)
        ClickDaily.objects.create(share=share, day=today, count=n + 1)
    analytics.rollup_day(today)


def test_the_replica_is_a_connection_of_its_own(replica):
    pids = {}
    for alias in ("default", REPLICA):
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pids[alias] = cursor.fetchone()[0]
    assert pids["default"] != pids[REPLICA]
    # Configured like the primary: the same pool.
    options = connections["default"].settings_dict.get("OPTIONS", {})
    assert connections[REPLICA].settings_dict["OPTIONS"].get("pool") == options.get(
        "pool"
    )


def test_the_dashboard_and_its_csv_read_from_the_replica(
    replica, figures, comms_user, client
):
    client.force_login(comms_user)
    today = timezone.localdate()
    query = {"start": (today - timedelta(days=729)).isoformat()}
    for url in ("/analytics/", "/analytics/departments.csv"):
        with (
            CaptureQueriesContext(connections["default"]) as on_default,
            CaptureQueriesContext(replica) as on_replica,
        ):
            response = client.get(url, query)
        assert response.status_code == 200
        assert all(
            q["sql"].lstrip().upper().startswith("SELECT")
            for q in on_replica.captured_queries
        )
        for table in FIGURES_TABLES:
            assert table in _tables(on_replica)
            assert table not in _tables(on_default)
    assert "Sales" in response.content.decode()  # 6 people: shown


def test_writes_and_reads_in_a_transaction_stay_on_the_primary(replica, story):
    with (
        CaptureQueriesContext(connections["default"]) as on_default,
        CaptureQueriesContext(replica) as on_replica,
        replica_reading(),
    ):
        assert replica_alias() == REPLICA
        share = ShareFactory(story=story)
        read = Share.objects.filter(pk=share.pk).count()
        with transaction.atomic():
            Share.objects.filter(pk=share.pk).update(text="changed")
            assert replica_alias() == "default"
            assert Share.objects.get(pk=share.pk).text == "changed"
    assert read == 1
    replica_sql = _tables(on_replica)
    assert '"advocacy_share"' in replica_sql  # the read outside the transaction
    assert "INSERT" not in replica_sql and "UPDATE" not in replica_sql
    assert len(on_replica.captured_queries) == 1
    assert "INSERT INTO" in _tables(on_default)
    assert "UPDATE" in _tables(on_default)


def test_other_reads_stay_on_the_primary(replica, story):
    with CaptureQueriesContext(replica) as on_replica:
        assert Share.objects.count() == 0
        assert router.db_for_read(Share) == "default"
    assert on_replica.captured_queries == []


def test_migrations_run_on_the_primary_only(replica):
    assert router.allow_migrate("default", "advocacy")
    assert not router.allow_migrate(REPLICA, "advocacy")


def test_readyz_reports_the_replica(replica, client):
    body = client.get("/readyz").json()
    assert body["replica"] == "ok"


def test_readyz_reports_a_replica_that_does_not_answer_without_failing(client):
    primary = connections["default"].settings_dict
    # No pool: fail at once instead of waiting for the pool to fill.
    _configure_replica(_url(primary, port=1), DATABASE_POOL="false")
    try:
        response = client.get("/readyz")
    finally:
        _configure_replica(_url(primary))
    assert response.status_code == 200
    assert response.json()["replica"] == "error: OperationalError"
