from django.urls import path

from realtime import consumers

websocket_urlpatterns = [
    path("ws/ping/", consumers.PingConsumer.as_asgi()),
    path("ws/screens/<slug:slug>/", consumers.ScreenConsumer.as_asgi()),
]
