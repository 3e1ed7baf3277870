"""Admin areas answer a 403 to logged-in people without the rights for them."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

CMS = "cms"
DJANGO_ADMIN = "django-admin"


def admin_area(path: str) -> str | None:
    """The admin area (CMS or DJANGO_ADMIN) a path lies in, if any."""
    if path.startswith(reverse("wagtailadmin_home")):
        return CMS
    if path.startswith(reverse("admin:index")):
        return DJANGO_ADMIN
    return None


def admin_area_allowed(user: Any, area: str) -> bool:
    if area == CMS:
        return user.has_perm("wagtailadmin.access_admin")
    return user.is_active and user.is_staff


class AdminAreaAccessMiddleware:
    """A 403 page naming the role needed, instead of the admins' own answer.

    Wagtail and the Django admin send a logged-in person without access to the login
    page, and allauth's login sends a logged-in person straight back: an endless
    redirect loop. Anonymous visitors still go to the login.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The path first: other requests never load the user for this.
        area = admin_area(request.path)
        user = request.user
        if area and user.is_authenticated and not admin_area_allowed(user, area):
            return render(request, "403.html", {"area": area}, status=403)
        return self.get_response(request)
