"""The topology of tests/deploy: started once per module, through the script."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import redis
from django.core.management import call_command
from django.db import connection
from django.db.backends.base.creation import TEST_DATABASE_PREFIX

from tests.conftest import database_is_postgres, need
from tests.deploy.topology import (
    METRICS_TOKEN,
    NGINX,
    SITE_HOST,
    Topology,
    process_exists,
)
from tests.realtime.helpers import database_url
from tests.realtime.servers import free_port, start_redis, stop


@pytest.fixture(scope="module")
def topology(django_db_setup, django_db_blocker):
    if not os.path.exists(NGINX):
        need("nginx (/usr/sbin/nginx)")
    if not database_is_postgres():
        need("Postgres (DATABASE_URL) so that the servers share the test database")
    for tool in ("redis-server", "openssl"):
        if not shutil.which(tool):
            need(tool)
    with django_db_blocker.unblock():
        own_database = _test_database_create()
        _database_as_migrated()
    # nginx's workers run as www-data when the tests run as root: a readable tree.
    base = Path(tempfile.mkdtemp(prefix="boeg-topology-"))
    base.chmod(0o755)
    topology = Topology(base)
    redis_server = None
    try:
        redis_port = free_port()
        redis_server = start_redis(redis_port)
        topology.redis_url = f"redis://127.0.0.1:{redis_port}/0"
        topology.start(_environment(topology))
        yield topology
    finally:
        code = topology.stop()
        if redis_server is not None:
            stop(redis_server)
        pids = topology.started_pids()
        left = [name for name, pid in pids.items() if process_exists(pid)]
        report = topology.report()
        shutil.rmtree(base, ignore_errors=True)
        with django_db_blocker.unblock():
            if own_database:
                connection.creation.destroy_test_db(own_database, verbosity=0)
            else:
                _database_empty()
    # Stopped cleanly, and everything it started is gone.
    assert code == 0, report
    assert set(pids) == {"nginx", "worker", *(f"web-{p}" for p in topology.web_ports)}
    assert left == [], report


def _environment(topology: Topology) -> dict:
    """Production settings on the test database and the topology's Redis."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BOEGBEELD_", "DJANGO_", "SECURE_", "ALLOWED_"))
        and key not in {"DEBUG", "SECRET_KEY", "CSRF_TRUSTED_ORIGINS", "TASKS_BACKEND"}
    }
    env.update(
        DEBUG="0",
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="topology-tests-" + os.urandom(24).hex(),
        ALLOWED_HOSTS=f"{SITE_HOST},127.0.0.1",
        BOEGBEELD_SITE_URL=f"https://{SITE_HOST}",
        DATABASE_URL=database_url(),
        REDIS_URL=topology.redis_url,
        STATIC_ROOT=str(topology.static_root),
        MEDIA_ROOT=str(topology.media_root),
        BOEGBEELD_METRICS_TOKEN=METRICS_TOKEN,
    )
    return env


@pytest.fixture
def site(topology, django_db_blocker):
    """The topology, with the test database open: what a test writes is committed
    at once, for the servers to see. Each test starts on an empty Redis (rate
    limits, click buffer, markers)."""
    redis.Redis.from_url(topology.redis_url).flushall()
    with django_db_blocker.unblock():
        yield topology


# The servers run through the whole module, so its tests are not transactional
# tests: those empty the database after each test and load it again before the
# next, and a server that writes in between (a content type it has not seen yet)
# collides with what is loaded. The module commits what it writes instead, on a
# database in its migrated state, and empties it at the end as a transactional
# test would.
def _test_database_create() -> str:
    """pytest-django makes the test database only when a test of the run asks for
    it by a mark or a fixture, which these tests do not: then make it here.
    Returns the name to go back to, or "" when pytest-django made it."""
    name = connection.settings_dict["NAME"]
    if name.startswith(TEST_DATABASE_PREFIX):
        return ""
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return name


def _database_as_migrated() -> None:
    """Earlier transactional tests leave the database empty: load it again (else
    the script's migrate would recreate content types and groups with new ids)."""
    from django.contrib.contenttypes.models import ContentType

    if ContentType.objects.exists():
        return
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents is None:
        raise RuntimeError("the test database is empty and was not serialized")
    connection.creation.deserialize_db_from_string(contents)


def _database_empty() -> None:
    call_command(
        "flush",
        interactive=False,
        verbosity=0,
        reset_sequences=False,  # as TransactionTestCase flushes
        inhibit_post_migrate=True,
    )
