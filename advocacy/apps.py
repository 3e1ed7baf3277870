from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    name = "advocacy"
    verbose_name = _("Advocacy")

    def ready(self) -> None:
        # Signals that keep compiled guidelines fresh, and the guidelines' admin.
        from advocacy import guideline_admin, rulesets  # noqa: F401
