"""The one worker process: periodic jobs and the background task queue.

`manage.py run_worker` calls `worker_run`. APScheduler fires every app's periodic
jobs (core/periodic.py) in a small thread pool; the main thread works through the
django-tasks database queue when TASKS uses the database backend (with the default
immediate backend tasks run where they are enqueued and there is no queue). Run as
many workers as you like: each job turn runs once (see `job_claim`), and the queue
hands each task to one worker. SIGINT/SIGTERM stop it after the work in hand.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from typing import TextIO

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from django.conf import settings
from django.db import close_old_connections
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from core.checks import site_url_refuse_if_wrong
from core.periodic import job_run, jobs_all

logger = logging.getLogger(__name__)

JOB_THREADS = 4
# A turn missed by more than this (the worker was busy or down) is skipped; the
# next turn catches up (every job works on what is due, not on its own turn).
MISFIRE_GRACE_SECONDS = 60


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def scheduler_build(worker: str) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(
        timezone=settings.TIME_ZONE,
        executors={"default": ThreadPoolExecutor(JOB_THREADS)},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": MISFIRE_GRACE_SECONDS,
        },
    )
    for job in jobs_all():
        scheduler.add_job(
            job_run, trigger=job.trigger, args=[job, worker], id=job.name, name=job.name
        )
    return scheduler


def _task_queue(worker: str) -> Worker | None:
    """The django-tasks database queue's worker, if tasks go through the database."""
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return None
    # Its own logger says "Starting worker" on every pass; tasks log through
    # django_tasks' logger either way.
    logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
    return Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=worker[:64],
    )


def worker_run(*, stdout: TextIO, poll_seconds: float = 1.0) -> None:
    """Run until SIGINT or SIGTERM."""
    site_url_refuse_if_wrong()
    name = worker_name()
    stop = threading.Event()
    queue = _task_queue(name)

    def request_stop(signum: int, frame: object) -> None:
        stop.set()
        if queue is not None:
            queue.running = False  # finish the task in hand, take no other

    # APScheduler logs every turn; job_run says what matters (ran, skipped, failed).
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    scheduler = scheduler_build(name)
    scheduler.start()
    jobs = ", ".join(job.id for job in scheduler.get_jobs())
    stdout.write(
        f"Worker {name} running jobs: {jobs}; task queue: "
        f"{'database' if queue else 'none (tasks run inline)'}\n"
    )
    stdout.flush()
    try:
        while not stop.is_set():
            if queue is not None:
                queue.running = True
                queue.run()
                close_old_connections()
            stop.wait(poll_seconds)
    finally:
        scheduler.shutdown(wait=True)
        stdout.write(f"Worker {name} stopped.\n")
        stdout.flush()
