from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Pieces every app may use: the one HTML sanitiser and its template filter."""

    name = "core"

    def ready(self) -> None:
        from core import checks  # noqa: F401 - registers the system checks
        from core.metrics import collector_add
        from core.periodic import JobRunsCollector

        collector_add(JobRunsCollector())
