from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from realtime import services
from realtime.models import FeedbackSource


class Command(BaseCommand):
    help = (
        "Create a feedback source and print its API token (shown only now; only "
        "its hash is stored). Use it as `Authorization: Bearer <token>`."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="e.g. webcare-tool or trustpilot")

    def handle(self, *args, name, **options):
        if FeedbackSource.objects.filter(name=name).exists():
            raise CommandError(f"A feedback source named {name!r} already exists.")
        try:
            _source, token = services.feedback_source_create(name=name)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(token)
