"""/feedback/: webcare's pages for entering and moderating customer feedback."""

from django.urls import path

from realtime import views

app_name = "feedback"

urlpatterns = [
    path("new/", views.feedback_new, name="new"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path(
        "moderation/<int:pk>/<str:action>/",
        views.feedback_moderate,
        name="moderate",
    ),
]
