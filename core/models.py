"""The worker's record of periodic jobs (see core/periodic.py), and how long
personal data is kept (see core/privacy.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class JobRun(models.Model):
    """The last run of one periodic job, and the claim that keeps it single.

    Every worker process schedules every job; the one that moves `started_at`
    forward (one conditional UPDATE) runs it, the others skip that turn. A run that
    outlives `lease_until` is presumed dead and may be taken over.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        OK = "ok", _("ok")
        FAILED = "failed", _("failed")

    name = models.CharField(_("job"), max_length=100, primary_key=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, blank=True
    )
    started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=100, blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)
    error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")

    def __str__(self) -> str:
        return self.name


def _days(label, default: int, help_text) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=default, help_text=help_text)


KEEP_HELP = _("In days; 0 keeps it as long as the account exists.")


@register_setting(icon="lock")
class PrivacySettings(BaseGenericSetting):
    """How long per-person detail is kept; the worker prunes beyond it every night.

    Which field prunes what is declared next to the data, in each app's
    `privacy.py` (`RETENTION`); the privacy page shows the values in force.
    """

    share_text_days = _days(
        _("texts of shares and reasons for ignored warnings"), 365, KEEP_HELP
    )
    points_days = _days(_("points ledger"), 730, KEEP_HELP)
    suggestion_message_days = _days(
        _("messages about closed suggestions"), 365, KEEP_HELP
    )
    feedback_author_days = _days(
        _("names of customers who gave feedback"),
        90,
        _("In days; 0 keeps the names. The feedback itself stays."),
    )

    class Meta:
        verbose_name = _("privacy and retention")

    def days(self, setting: str) -> int:
        return int(getattr(self, setting))
