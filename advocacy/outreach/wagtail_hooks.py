"""Channel messages in the CMS: what was announced where, and what failed."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from advocacy.outreach.models import ChannelPost


class ChannelPostViewSet(ModelViewSet):
    """Read-only: messages are made by publishing stories, never by hand."""

    model = ChannelPost
    icon = "mail"
    menu_label = _("Channel messages")
    add_to_settings_menu = True
    list_display = ["story", "hook", "status", "attempts", "last_error", "sent_at"]
    list_filter = ["status"]
    inspect_view_enabled = True
    form_fields = ["status"]


@hooks.register("register_admin_viewset")
def register_channel_post_viewset():
    return ChannelPostViewSet("channel_posts")
