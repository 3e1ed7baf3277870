from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Pieces every app may use: the one HTML sanitiser and its template filter."""

    name = "core"

    def ready(self) -> None:
        from core import checks  # noqa: F401 - registers the system checks
