"""URLs of sharing. `/s/<code>` (the tracked link) is routed in config/urls.py."""

from django.urls import path

from advocacy.sharing import hand_off_views
from advocacy.sharing import views as share_views

app_name = "sharing"

urlpatterns = [
    path(
        "stories/<int:story_id>/share/",
        share_views.share_compose,
        name="share_compose",
    ),
    path(
        "stories/<int:story_id>/share/nudge/",
        share_views.share_nudge,
        name="share_nudge",
    ),
    path("shares/<int:pk>/", share_views.share_done, name="share_done"),
    path(
        "shares/<int:pk>/hand-off/",
        hand_off_views.share_hand_off,
        name="share_hand_off",
    ),
    path("impact/", share_views.impact, name="impact"),
    path("leaderboard/", share_views.leaderboard, name="leaderboard"),
    path("analytics/", share_views.analytics_dashboard, name="analytics"),
    path(
        "analytics/<slug:table>.csv",
        share_views.analytics_export,
        name="analytics_export",
    ),
]
