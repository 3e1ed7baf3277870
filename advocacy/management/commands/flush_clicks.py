"""Move clicks buffered in Redis into the database (run every few minutes)."""

from django.core.management.base import BaseCommand

from advocacy.sharing.tasks import flush_and_rollup


class Command(BaseCommand):
    help = "Flush the Redis click buffer into ClickDaily and update rollups and points."

    def handle(self, *args, **options) -> None:
        result = flush_and_rollup()
        self.stdout.write(
            f"Flushed {result['clicks']} clicks in {result['batches']} batches."
        )
