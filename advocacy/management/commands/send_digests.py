"""Send the weekly digest to everyone who has not switched it off."""

from django.core.management.base import BaseCommand

from advocacy.sharing.digest import digests_send
from advocacy.sharing.tasks import send_weekly_digests


class Command(BaseCommand):
    help = "Send this week's digest email (each user gets it at most once a week)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue it as a background task instead of sending right away.",
        )

    def handle(self, *args, enqueue: bool, **options) -> None:
        if enqueue:
            result = send_weekly_digests.enqueue()
            self.stdout.write(f"Queued as task {result.id}.")
            return
        sent = digests_send()
        self.stdout.write(f"Sent {sent} digests.")
