"""ASGI entry point: HTTP and the screens' websockets in one application."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Django must be set up before anything imports models.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from advocacy.sharing.redirect_app import tracked_links_or  # noqa: E402
from core.checks import site_url_refuse_if_wrong  # noqa: E402
from core.machine import machine_api_or  # noqa: E402
from realtime.hub import ServerSend  # noqa: E402
from realtime.routing import websocket_urlpatterns  # noqa: E402


def warm_up() -> None:
    """Pay at start-up what each worker's first requests would otherwise pay."""
    from django.urls import get_resolver

    from realtime.masking import clean_feedback_text

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    clean_feedback_text("<p>Warm-up: 06-12345678, a@example.com</p>")


site_url_refuse_if_wrong()
warm_up()

application = ProtocolTypeRouter(
    {
        "http": tracked_links_or(machine_api_or(django_asgi_app)),
        # Each route adds the middleware it needs (`realtime.routing`).
        "websocket": ServerSend(
            AllowedHostsOriginValidator(URLRouter(websocket_urlpatterns))
        ),
    }
)
