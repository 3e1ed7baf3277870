from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    name = "advocacy"
    verbose_name = _("Advocacy")

    def ready(self) -> None:
        # Signals that keep compiled guidelines fresh, the guidelines' admin, and
        # sharing's admin (which also connects the points ledger's signal).
        from advocacy import guideline_admin, rulesets, share_admin  # noqa: F401
