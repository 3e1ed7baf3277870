"""/feedback/: webcare's pages for entering and moderating customer feedback."""

from django.urls import path

from realtime.views import webcare

app_name = "feedback"

urlpatterns = [
    path("new/", webcare.feedback_new, name="new"),
    path("moderation/", webcare.moderation_queue, name="moderation"),
    path(
        "moderation/<int:pk>/<str:action>/",
        webcare.feedback_moderate,
        name="moderate",
    ),
]
