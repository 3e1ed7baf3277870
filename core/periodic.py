"""Periodic jobs: what each app wants done on a schedule, run at most once per turn.

Each installed app of ours may define `<app>/jobs.py` with a `jobs()` function that
returns its `PeriodicJob`s; they are found by name, so core imports none of the
apps. The worker (`core.worker`, `manage.py run_worker`) schedules all of them
with APScheduler. Several workers (on one host or many) may run side by side: for
every turn of a job each one tries `job_claim`, one conditional UPDATE of the job's
`JobRun` row, and only the one whose UPDATE moved `started_at` forward runs it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import F, Q
from django.utils import timezone

from core.discovery import app_modules
from core.models import JobRun

logger = logging.getLogger(__name__)

# Interval jobs count from one fixed moment, so every worker fires on the same turns.
INTERVAL_ANCHOR = datetime(2000, 1, 1, tzinfo=UTC)
ERROR_MAX_CHARS = 2000


@dataclass(frozen=True)
class PeriodicJob:
    """`run` every time `trigger` fires, by one worker only.

    `min_gap`: a claim is refused if the job started less than this long ago (so
    workers firing on the same turn run it once; keep it under the interval).
    `lease`: a run still unfinished after this long is presumed dead.
    """

    name: str
    run: Callable[[], object]
    trigger: BaseTrigger
    min_gap: timedelta
    lease: timedelta = timedelta(minutes=30)


def every(
    name: str,
    run: Callable[[], object],
    *,
    seconds: int,
    lease: timedelta | None = None,
) -> PeriodicJob:
    """A job every `seconds`, on turns shared by all workers."""
    return PeriodicJob(
        name=name,
        run=run,
        trigger=IntervalTrigger(seconds=seconds, start_date=INTERVAL_ANCHOR),
        min_gap=timedelta(seconds=seconds / 2),
        lease=lease or timedelta(minutes=30),
    )


def cron(
    name: str, run: Callable[[], object], *, min_gap: timedelta, **fields: str | int
) -> PeriodicJob:
    """A job at wall-clock times (cron fields) in the site's time zone."""
    return PeriodicJob(
        name=name,
        run=run,
        trigger=CronTrigger(timezone=settings.TIME_ZONE, **fields),
        min_gap=min_gap,
    )


def jobs_all() -> list[PeriodicJob]:
    """Every app's jobs, in the order of INSTALLED_APPS."""
    return [job for module in app_modules("jobs") for job in module.jobs()]


def job_claim(job: PeriodicJob, *, worker: str, now: datetime | None = None) -> bool:
    """Take this turn of `job` for `worker`; False when another worker has it."""
    now = now or timezone.now()
    JobRun.objects.get_or_create(name=job.name)
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    due = Q(started_at__isnull=True) | Q(started_at__lte=now - job.min_gap)
    taken = (
        JobRun.objects.filter(free, due, name=job.name).update(
            started_at=now,
            lease_until=now + job.lease,
            status=JobRun.Status.RUNNING,
            worker=worker[:100],
            runs=F("runs") + 1,
        )
        == 1
    )
    return taken


def job_finish(job: PeriodicJob, *, error: str = "") -> None:
    JobRun.objects.filter(name=job.name).update(
        finished_at=timezone.now(),
        lease_until=None,
        status=JobRun.Status.FAILED if error else JobRun.Status.OK,
        error=error[:ERROR_MAX_CHARS],
    )


def _connections_refresh() -> None:
    # Like a request: drop a connection that broke or outlived CONN_MAX_AGE. Never
    # inside a caller's transaction (a test's), which closing would break.
    if not connection.in_atomic_block:
        close_old_connections()


def job_run(job: PeriodicJob, worker: str) -> bool:
    """One turn of `job` (called by the scheduler): claim, run, record.

    Returns whether this worker ran it. A failure is logged and recorded; the next
    turn runs as usual.
    """
    _connections_refresh()
    now = timezone.now()
    try:
        if not job_claim(job, worker=worker, now=now):
            logger.info("Job %s: skipped, another worker has this turn", job.name)
            return False
        logger.info("Job %s: started by %s at %s", job.name, worker, now.isoformat())
        began = time.monotonic()
        try:
            result = job.run()
        except Exception as exc:
            logger.exception("Job %s failed", job.name)
            job_finish(job, error=f"{type(exc).__name__}: {exc}")
        else:
            job_finish(job)
            logger.info(
                "Job %s: done in %.2f s (%s)",
                job.name,
                time.monotonic() - began,
                result,
            )
        return True
    finally:
        _connections_refresh()


def job_last_runs() -> dict[str, dict]:
    """Each known job's last run, for /readyz (a job not run yet shows nulls)."""
    runs = {run.name: run for run in JobRun.objects.all()}
    report = {}
    for job in jobs_all():
        run = runs.get(job.name)
        report[job.name] = {
            "status": (run.status if run else "") or "never",
            "last_started": run.started_at.isoformat()
            if run and run.started_at
            else None,
            "last_finished": (
                run.finished_at.isoformat() if run and run.finished_at else None
            ),
            "error": run.error if run else "",
        }
    return report


class JobRunsCollector:
    """Prometheus figures of each known job's last run, read from `JobRun` at scrape.

    Timestamps are Unix seconds, 0 for a job that has not run yet; alert on
    `time() - boegbeeld_job_last_finished_timestamp_seconds` per job. With the
    database down the figures are left out (the scrape itself still answers).
    """

    STARTED = "boegbeeld_job_last_started_timestamp_seconds"
    FINISHED = "boegbeeld_job_last_finished_timestamp_seconds"
    FAILED = "boegbeeld_job_last_run_failed"

    def _families(self) -> tuple:
        from prometheus_client.core import GaugeMetricFamily

        return (
            GaugeMetricFamily(
                self.STARTED, "When the job's last run started.", labels=["job"]
            ),
            GaugeMetricFamily(
                self.FINISHED, "When the job's last run finished.", labels=["job"]
            ),
            GaugeMetricFamily(
                self.FAILED,
                "1 when the job's last finished run failed.",
                labels=["job"],
            ),
        )

    def describe(self):
        return self._families()

    def collect(self):
        started, finished, failed = self._families()
        try:
            runs = {run.name: run for run in JobRun.objects.all()}
            names = [job.name for job in jobs_all()]
        except Exception:  # noqa: BLE001 - no figures rather than no scrape
            logger.warning("metrics: job runs unreadable", exc_info=True)
            return []
        for name in names:
            run = runs.get(name)
            start = run.started_at.timestamp() if run and run.started_at else 0
            finish = run.finished_at.timestamp() if run and run.finished_at else 0
            started.add_metric([name], start)
            finished.add_metric([name], finish)
            bad = bool(run) and run.status == JobRun.Status.FAILED
            failed.add_metric([name], 1 if bad else 0)
        return [started, finished, failed]
