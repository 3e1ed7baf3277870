from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RealtimeConfig(AppConfig):
    name = "realtime"
    verbose_name = _("Customer feedback and screens")

    def ready(self) -> None:
        from realtime import signals  # noqa: F401
