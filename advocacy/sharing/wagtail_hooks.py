"""Wagtail admin bits of sharing: a menu link to the analytics dashboard.

The points values live in the `SharingSettings` setting (Settings → Sharing and
points), registered with the model.
"""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class AnalyticsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm("advocacy.view_analytics")


@hooks.register("register_admin_menu_item")
def register_analytics_menu_item():
    return AnalyticsMenuItem(
        gettext_lazy("Sharing analytics"),
        "/analytics/",
        icon_name="view",
        order=260,
    )
