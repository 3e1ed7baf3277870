from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    name = "advocacy"
    verbose_name = _("Advocacy")

    def ready(self) -> None:
        # Signals that keep compiled guidelines fresh, the guidelines' admin, and
        # sharing's admin (which also connects the points ledger's signal).
        from advocacy.guidelines import rulesets  # noqa: F401
        from advocacy.guidelines import wagtail_hooks as guideline_admin  # noqa: F401
        from advocacy.sharing import wagtail_hooks as share_admin  # noqa: F401
