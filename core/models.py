"""What the worker records about the periodic jobs (see core/periodic.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
