"""Uploaded media served by the application (installs without a web server for it)."""

import posixpath

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from django.views.static import serve

# Wagtail stores documents under `documents/`; they are served only through its own
# view (`/documents/<id>/<name>`), which applies the collection's privacy.
PRIVATE_FOLDERS = frozenset({"documents"})


@require_safe
def media_serve(request: HttpRequest, path: str) -> HttpResponse:
    """A file from MEDIA_ROOT; never one in a private folder, however it is spelt."""
    normalised = posixpath.normpath(path).lstrip("/")
    if normalised.split("/", 1)[0].lower() in PRIVATE_FOLDERS:
        raise Http404
    return serve(request, normalised, document_root=settings.MEDIA_ROOT)
