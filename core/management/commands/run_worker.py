"""Run the worker: periodic jobs and background tasks (see core/worker.py)."""

from django.core.management.base import BaseCommand

from core.worker import worker_run


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (scheduled publishing, click flush, rollups, digests) "
        "and the background task queue until stopped. Several may run at once."
    )

    def handle(self, *args, **options) -> None:
        worker_run(stdout=self.stdout)
