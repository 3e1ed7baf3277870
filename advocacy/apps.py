from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    name = "advocacy"
    verbose_name = _("Advocacy")

    def ready(self) -> None:
        # The signals that keep the compiled guidelines fresh.
        from advocacy.guidelines import rulesets  # noqa: F401
        from advocacy.outreach import signals

        # New stories are announced in Teams and Slack channels.
        signals.connect()

        from advocacy.sharing.metrics import ClickBufferCollector
        from core import metrics

        metrics.collector_add(ClickBufferCollector())
