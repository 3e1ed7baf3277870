"""/screens/: the wall screens themselves and the screen managers' pages."""

from django.urls import path

from realtime import views

app_name = "screens"

urlpatterns = [
    path("", views.screens_health, name="health"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("pair/", views.pair_page, name="pair"),
    path("pair/status/", views.pair_status, name="pair_status"),
    path("pair/new/", views.pair_confirm, name="pair_confirm"),
    path("reload/", views.screen_reload, name="reload"),
    path("emergency/", views.emergency_set, name="emergency_set"),
    path("emergency/<int:pk>/clear/", views.emergency_clear, name="emergency_clear"),
    path("<slug:slug>/figures/", views.screen_figures, name="figures"),
    path("<slug:slug>/", views.screen_page, name="screen"),
]
