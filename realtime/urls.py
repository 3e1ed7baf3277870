"""/screens/: the wall screens themselves and the screen managers' pages."""

from django.urls import path

from realtime.views import pairing, screen, screen_controls

app_name = "screens"

urlpatterns = [
    path("", screen_controls.screens_health, name="health"),
    path("sw.js", screen.service_worker, name="service_worker"),
    path("pair/", pairing.pair_page, name="pair"),
    path("pair/status/", pairing.pair_status, name="pair_status"),
    path("pair/new/", pairing.pair_confirm, name="pair_confirm"),
    path("reload/", screen_controls.screen_reload, name="reload"),
    path("emergency/", screen_controls.emergency_set, name="emergency_set"),
    path(
        "emergency/<int:pk>/clear/",
        screen_controls.emergency_clear,
        name="emergency_clear",
    ),
    path("<slug:slug>/figures/", screen.screen_figures, name="figures"),
    path("<slug:slug>/", screen.screen_page, name="screen"),
]
