"""The employee's language, remembered per browser and carried between them."""

from django.conf import settings
from django.http import HttpResponse


def language_remember(response: HttpResponse, language: str) -> None:
    """Keep `language` for this browser (Django's language cookie)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=not settings.DEBUG,
    )
