"""The CMS's periodic jobs: stories scheduled to go live (or expire) do so;
content sources are checked for new entries."""

from io import StringIO

from django.conf import settings
from django.core.management import call_command

from cms.sources.services import content_sources_check_due
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
        ),
        # Feeds of the newsroom, blog or careers site: new entries become drafts.
        every("check_content_sources", content_sources_check_due, seconds=60),
    ]
