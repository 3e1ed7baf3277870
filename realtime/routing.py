from channels.auth import AuthMiddlewareStack
from django.urls import path

from realtime import consumers

# Screens authenticate by their token alone: their sockets get no cookie, session
# or user middleware, which would hold a copy of the scope, a session and a lazy
# user per open socket and cost each connect two thread hops, all unused.
websocket_urlpatterns = [
    path("ws/ping/", AuthMiddlewareStack(consumers.PingConsumer.as_asgi())),
    path("ws/screens/<slug:slug>/", consumers.ScreenConsumer.as_asgi()),
]
