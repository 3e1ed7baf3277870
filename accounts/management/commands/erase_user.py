"""Erase a leaver's account and personal data (the same as "Erase my account")."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import personal_data


class Command(BaseCommand):
    help = (
        "Erase a person's account and personal data; shares stay as anonymous "
        "figures. Asks for confirmation unless --yes is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="The account's e-mail address.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation."
        )

    def handle(self, *args, email: str, yes: bool, **options) -> None:
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email!r}.")
        if not yes:
            answer = input(f"Erase {user.email} and their personal data? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing erased.")
        personal_data.user_erase(user=user)
        self.stdout.write(self.style.SUCCESS(f"Erased {email}."))
