from django.urls import path

from advocacy.suggestions import views

app_name = "suggestions"

urlpatterns = [
    path("suggest/", views.suggestion_create, name="suggestion_create"),
    path("suggest/mine/", views.suggestion_list, name="suggestion_list"),
    path("suggest/mine/<int:pk>/", views.suggestion_detail, name="suggestion_detail"),
]
