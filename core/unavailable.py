"""The JSON APIs' answer when a service they need is down: 503 with Retry-After.

A feedback source or the composer gets a clear "try again later" it can act on,
in the APIs' usual error shape, instead of an HTML error page.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from core.breaker import REDIS_DOWN

logger = logging.getLogger(__name__)

# The database refusing or dropping connections (a pool out of connections
# included), and Redis not answering. Errors in what is asked (IntegrityError,
# DataError, ...) are not among them: they are bugs or bad input.
SERVICE_DOWN: tuple[type[Exception], ...] = (
    OperationalError,
    InterfaceError,
    *REDIS_DOWN,
)


def service_unavailable(request: HttpRequest, exc: Exception) -> JsonResponse:
    """503 `{"detail", "field": null}` with `Retry-After`."""
    logger.warning(
        "%s %s: a backing service is down (%s: %s)",
        request.method,
        request.path,
        type(exc).__name__,
        exc,
    )
    response = JsonResponse(
        {
            "detail": _("The service is temporarily unavailable. Try again later."),
            "field": None,
        },
        status=503,
    )
    response["Retry-After"] = str(settings.BOEGBEELD_UNAVAILABLE_RETRY_AFTER)
    return response
