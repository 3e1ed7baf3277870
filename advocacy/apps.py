from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    name = "advocacy"
    verbose_name = _("Advocacy")

    def ready(self) -> None:
        # Connects the signals that keep compiled guidelines fresh.
        from advocacy import rulesets  # noqa: F401
