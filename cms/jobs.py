"""The CMS's periodic job: stories scheduled to go live (or expire) do so."""

from io import StringIO

from django.conf import settings
from django.core.management import call_command

from core.periodic import PeriodicJob, every


def stories_publish_scheduled() -> str:
    """Wagtail's own command: publish what is due, unpublish what has expired."""
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    return " ".join(out.getvalue().split())[:200]


def jobs() -> list[PeriodicJob]:
    return [
        every(
            "publish_scheduled",
            stories_publish_scheduled,
            seconds=settings.BOEGBEELD_PUBLISH_INTERVAL_SECONDS,
        )
    ]
