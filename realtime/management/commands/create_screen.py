from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Location
from realtime import services
from realtime.models import Screen
from realtime.views.screen import screen_url


class Command(BaseCommand):
    help = (
        "Register a wall screen and print its URL with its token. The token is "
        "shown only now; only its hash is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Short name used in the URL, e.g. lobby")
        parser.add_argument("--name", required=True, help='e.g. "Lobby"')
        parser.add_argument(
            "--location",
            default=None,
            help="Location slug (or name) whose feedback it shows; omit for all.",
        )
        parser.add_argument(
            "--language", choices=[c for c, _ in Screen.Language.choices], default="nl"
        )
        parser.add_argument(
            "--theme", choices=[c for c, _ in Screen.Theme.choices], default="dark"
        )

    def handle(self, *args, slug, name, location, language, theme, **options):
        place = None
        if location:
            place = (
                Location.objects.filter(slug=location).first()
                or Location.objects.filter(name__iexact=location).first()
            )
            if place is None:
                known = ", ".join(Location.objects.values_list("slug", flat=True))
                raise CommandError(
                    f"Unknown location {location!r}. Known: {known or 'none'}."
                )
        if Screen.objects.filter(slug=slug).exists():
            raise CommandError(f"A screen with slug {slug!r} already exists.")
        try:
            screen, token = services.screen_create(
                slug=slug, name=name, location=place, language=language, theme=theme
            )
        except ValidationError as exc:
            problems = "; ".join(
                f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()
            )
            raise CommandError(problems) from exc
        self.stdout.write(screen_url(None, screen, token))
