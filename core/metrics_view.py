"""`GET /metrics`: the Prometheus text format, for a scraper holding the token.

Off (404) unless `BOEGBEELD_METRICS_TOKEN` is set; the scraper sends
`Authorization: Bearer <token>`. The setting holds the token itself or
`sha256:<hex digest of the token>`; either way only digests are compared, in
constant time. The path is served like the machine APIs (`core.machine`): one
call on a worker thread, no session or authentication middleware.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead

from core import metrics

HASHED_PREFIX = "sha256:"
# Files of the gauges that count only live processes: gauge_livesum_<pid>.db.
_LIVE_FILE = re.compile(r"^gauge_live[a-z]+_(\d+)\.db$")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def metrics_token_matches(presented: str, configured: str) -> bool:
    """Whether `presented` is the configured token (given as is or as sha256:hex)."""
    if configured.startswith(HASHED_PREFIX):
        wanted = configured[len(HASHED_PREFIX) :].strip().lower()
    else:
        wanted = _digest(configured)
    return hmac.compare_digest(_digest(presented), wanted)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def forget_dead_processes(path: str) -> None:
    """Drop the live gauges of worker processes that are gone.

    A worker that crashed or was restarted cannot clean up after itself (and
    uvicorn has no hook to do it for it): whichever worker answers a scrape
    does, before adding the files up. The directory is one host's.
    """
    for entry in Path(path).iterdir():
        match = _LIVE_FILE.match(entry.name)
        if match and not _pid_alive(int(match.group(1))):
            mark_process_dead(int(match.group(1)), path)


def metrics_registry() -> CollectorRegistry:
    """What a scrape reads: every process's counters, and the app collectors."""
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not path:
        return REGISTRY  # one process: its own metrics, collectors added there
    forget_dead_processes(path)
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=path)
    for collector in metrics.scrape_collectors():
        registry.register(collector)
    return registry


def _refused(status: int, message: str) -> HttpResponse:
    response = HttpResponse(
        message + "\n", status=status, content_type="text/plain; charset=utf-8"
    )
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
    return response


@never_cache
@require_safe
def metrics_scrape(request: HttpRequest) -> HttpResponse:
    configured = settings.BOEGBEELD_METRICS_TOKEN
    if not configured:
        raise Http404
    scheme, _sep, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return _refused(
            401, _("Metrics need the header 'Authorization: Bearer <metrics token>'.")
        )
    if not metrics_token_matches(token, configured):
        return _refused(403, _("That is not the metrics token."))
    body = generate_latest(metrics_registry())
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
