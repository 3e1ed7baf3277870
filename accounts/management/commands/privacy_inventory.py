"""Every model that points at a user, and what export, erasure and retention do."""

from django.core.management.base import BaseCommand

from accounts import personal_data
from core.privacy import declarations


class Command(BaseCommand):
    help = (
        "List every model with a reference to a user and its privacy decision: "
        "exported (and how it is erased and kept) or declared not personal."
    )

    def handle(self, *args, **options) -> None:
        found = declarations()
        kinds = {label: kind for kind in found.personal for label in kind.models}
        labels = sorted({m._meta.label for m, _f in personal_data.user_references()})
        for label in labels:
            kind = kinds.get(label)
            if kind is not None:
                self.stdout.write(
                    f"{label}: exported as {kind.key}.json; kept: "
                    f"{kind.kept_text()} On erasure: {kind.on_erase}"
                )
            elif label in found.not_personal:
                self.stdout.write(
                    f"{label}: not personal ({found.not_personal[label]}); "
                    "on erasure its references move to an anonymous stand-in"
                )
            else:
                self.stdout.write(self.style.ERROR(f"{label}: NOT DECLARED"))
        for rule in found.retention:
            self.stdout.write(f"retention {rule.setting}: {rule.label}")
