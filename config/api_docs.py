"""The API docs page (`/api/v1/docs`), served from our own static files.

Ninja's Swagger page loads Swagger UI from a CDN unless ninja is an installed
app; ours uses the copy vendored in `static/vendor/swagger-ui/` and asks no
outside host for anything (Swagger UI's online spec validator included).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI, Swagger

DOCS_TEMPLATE = "api/docs.html"


class LocalSwagger(Swagger):
    default_settings = {
        **Swagger.default_settings,
        # Swagger UI sends the schema to validator.swagger.io for a badge.
        "validatorUrl": None,
    }

    def render_page(
        self, request: HttpRequest, api: NinjaAPI, **kwargs: Any
    ) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(
            request, DOCS_TEMPLATE, {"api": api, "swagger_settings": settings}
        )
