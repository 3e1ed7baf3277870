"""What the realtime pages share: staff access and keeping screen tokens private."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse


def staff_required(perm: str) -> Callable:
    def decorator(view):
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorator


def no_referrer(response: HttpResponse, *, policy: str = "no-referrer") -> HttpResponse:
    # The screen token is in the URL; never leak it to other sites or caches.
    response["Referrer-Policy"] = policy
    response["Cache-Control"] = "no-store"
    return response
