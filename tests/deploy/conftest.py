"""The topology of tests/deploy: started once per module, through the script."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import redis
from django.core.management import call_command

from tests.conftest import database_is_postgres, need
from tests.deploy.topology import NGINX, SITE_HOST, Topology, process_exists
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
    # nginx's workers run as www-data when the tests run as root: a readable tree.
    base = Path(tempfile.mkdtemp(prefix="boeg-topology-"))
    base.chmod(0o755)
    topology = Topology(base)
    redis_port = free_port()
    redis_server = start_redis(redis_port)
    topology.redis_url = f"redis://127.0.0.1:{redis_port}/0"
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
    )
    try:
        topology.start(env)
        # The script's migrate ends with post_migrate (content types, the roles'
        # groups) in a database that earlier transactional tests left empty, as
        # their serialized rollback expects to find it: empty it again.
        with django_db_blocker.unblock():
            call_command(
                "flush",
                interactive=False,
                verbosity=0,
                reset_sequences=False,  # as TransactionTestCase flushes
                inhibit_post_migrate=True,
            )
        yield topology
    finally:
        code = topology.stop()
        stop(redis_server)
        pids = topology.started_pids()
        left = [name for name, pid in pids.items() if process_exists(pid)]
        report = topology.report()
        shutil.rmtree(base, ignore_errors=True)
    # Stopped cleanly, and everything it started is gone.
    assert code == 0, report
    assert set(pids) == {"nginx", "worker", *(f"web-{p}" for p in topology.web_ports)}
    assert left == [], report


@pytest.fixture
def site(topology):
    """Each test starts on an empty Redis (rate limits, click buffer, markers)."""
    redis.Redis.from_url(topology.redis_url).flushall()
    return topology
