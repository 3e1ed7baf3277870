"""Baseline for bench/redirect.py: the same settings and middleware, a plain 302.

Served by uvicorn like the real app (`uvicorn bench.redirect_baseline:application`):
Django's own ASGI handler (not config/asgi.py's routers), where `/s/<code>` answers
a fixed redirect without touching the database or Redis. The site's other URLs
stay, so that middleware that reverses them works as on the site.
"""

import os
from importlib import import_module

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402
from django.http import HttpResponseRedirect  # noqa: E402
from django.urls import path  # noqa: E402


def trivial_redirect(request, code: str):
    return HttpResponseRedirect("/stories/story/?utm_source=x")


urlpatterns = [
    path("s/<str:code>", trivial_redirect),
    *import_module("config.urls").urlpatterns,
]
settings.ROOT_URLCONF = __name__

application = get_asgi_application()
