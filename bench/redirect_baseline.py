"""Baseline for bench/redirect.py: the same settings and middleware, a trivial 302.

Served by uvicorn like the real app (`uvicorn bench.redirect_baseline:application`);
`/s/<code>` here answers a fixed redirect without touching the database or Redis.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402
from django.http import HttpResponseRedirect  # noqa: E402
from django.urls import path  # noqa: E402


def trivial_redirect(request, code: str):
    return HttpResponseRedirect("/stories/story/?utm_source=x")


urlpatterns = [path("s/<str:code>", trivial_redirect)]
settings.ROOT_URLCONF = __name__

application = get_asgi_application()
