"""Liveness and readiness probes for load balancers and orchestrators."""

import asyncio

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.breaker import REDIS_DOWN
from core.db_router import REPLICA, replica_configured
from core.periodic import job_last_runs

CHANNEL_LAYER_TIMEOUT = 2.0


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and serving requests; nothing else is checked."""
    return JsonResponse({"status": "ok"})


def _check_database(alias_connection=connection) -> None:
    with alias_connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("unexpected answer")


async def _layer_round_trip() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    channel = await layer.new_channel("readyz.")
    await layer.send(channel, {"type": "readyz.ping"})
    message = await layer.receive(channel)
    if message.get("type") != "readyz.ping":
        raise RuntimeError("unexpected message")


async def channel_layer_ready() -> None:
    """A round trip through the channel layer, or the error that stopped it."""
    try:
        await asyncio.wait_for(_layer_round_trip(), CHANNEL_LAYER_TIMEOUT)
    except REDIS_DOWN:
        # A connection pooled before Redis restarted fails once and is dropped:
        # only a second failure means Redis is down.
        await asyncio.wait_for(_layer_round_trip(), CHANNEL_LAYER_TIMEOUT)


def _check_channel_layer() -> None:
    async_to_sync(channel_layer_ready)()


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready when the database answers a query and the channel layer a round trip.

    The body also lists each periodic job's last run (`jobs`), written by the worker,
    and, with a read replica configured, whether it answers (`replica`).
    """
    checks = {"database": _check_database, "channel_layer": _check_channel_layer}
    results: dict[str, str] = {}
    failed: list[str] = []
    for name, probe in checks.items():
        try:
            probe()
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
            results[name] = f"error: {type(exc).__name__}"
            failed.append(name)
        else:
            results[name] = "ok"
    status = 503 if failed else 200
    body = {"status": "fail" if failed else "ok", "checks": results, "failed": failed}
    # For the operator: the worker's periodic jobs. Information only: a job that has
    # not had its first turn yet (right after a deploy) does not make us unready.
    if "database" not in failed:
        body["jobs"] = job_last_runs()
    # Information too: only the analytics pages read from the replica, so a replica
    # that does not answer leaves every other page working.
    if replica_configured():
        try:
            _check_database(connections[REPLICA])
        except Exception as exc:  # noqa: BLE001 - any failure means "not answering"
            body["replica"] = f"error: {type(exc).__name__}"
        else:
            body["replica"] = "ok"
    return JsonResponse(body, status=status)
