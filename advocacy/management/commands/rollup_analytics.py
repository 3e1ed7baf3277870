"""Rebuild the analytics rollups of recent days; forget old visitor salts."""

from django.core.management.base import BaseCommand

from advocacy.sharing.tasks import rollup_recent


class Command(BaseCommand):
    help = (
        "Flush buffered clicks, rebuild the daily rollups of the last --days days, "
        "award click points, and delete salts and visitor hashes of past days."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=2)

    def handle(self, *args, days: int, **options) -> None:
        result = rollup_recent(days=max(1, days))
        self.stdout.write(
            f"Rolled up {max(1, days)} days ({result['rows']} rows); flushed "
            f"{result['flushed']} clicks; deleted {result['salts_deleted']} old salts."
        )
