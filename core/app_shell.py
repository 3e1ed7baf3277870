"""The installable app: its web app manifest and the site's service worker.

Both are served from the site root: the manifest's `scope` and the worker's scope
can only cover what lies under the address they come from. The wall screens keep
their own worker under /screens/ (realtime/views/screen.py); this one leaves those
pages alone.
"""

import hashlib
import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

THEME_COLOUR = "#0b5fff"
BACKGROUND_COLOUR = "#f4f6fb"
ICONS = (
    ("app/icon-192.png", "192x192", "any"),
    ("app/icon-512.png", "512x512", "any"),
    ("app/icon-maskable-192.png", "192x192", "maskable"),
    ("app/icon-maskable-512.png", "512x512", "maskable"),
)
# What a page needs to be shown offline: cached when the worker installs.
SHELL_FILES = (
    "css/boegbeeld.css",
    "css/library.css",
    "js/site.js",
    "vendor/htmx/htmx.min.js",
    "vendor/fontawesome/networks.svg",
    "favicon.svg",
    "app/icon-192.png",
)
# Paths the worker never touches: other programs' pages, machine endpoints and
# everything of the wall screens (they have their own worker).
BYPASS_PREFIXES = (
    "/screens/",
    "/cms/",
    "/django-admin/",
    "/api/",
    "/ws/",
    "/accounts/",
    "/s/",
    "/media/",
    "/documents/",
)
LIBRARY_PATH = "/"


def manifest_data() -> dict:
    return {
        "name": "Boegbeeld",
        "short_name": "Boegbeeld",
        "description": _("Share the stories of your company with your own network."),
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": use}
            for path, sizes, use in ICONS
        ],
    }


@require_GET
def web_manifest(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(manifest_data(), json_dumps_params={"indent": 1})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The worker, with the current (hashed) addresses of the app shell's files.

    Its cache name changes with those addresses, so a deploy with new static
    files replaces the old shell.
    """
    shell = [static(path) for path in SHELL_FILES]
    version = hashlib.sha256(json.dumps(shell).encode()).hexdigest()[:12]
    body = render_to_string(
        "core/sw.js",
        {
            "version": version,
            "shell": json.dumps(shell),
            "bypass": json.dumps(BYPASS_PREFIXES),
            "library_path": json.dumps(LIBRARY_PATH),
        },
    )
    response = HttpResponse(body, content_type="application/javascript")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response
