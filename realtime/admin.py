from django.contrib import admin

from realtime.models import (
    EmergencyMessage,
    Feedback,
    FeedbackSource,
    ModerationSettings,
    Screen,
)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["id", "text", "author", "channel", "rating", "location", "status"]
    list_filter = ["status", "channel", "location"]
    search_fields = ["text", "external_id"]
    readonly_fields = ["source", "external_id", "received_at", "moderated_at"]


@admin.register(FeedbackSource)
class FeedbackSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "active", "last_used_at"]
    readonly_fields = ["token_hash", "last_used_at"]


@admin.register(Screen)
class ScreenAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "location", "active", "last_seen_at"]
    readonly_fields = ["token_hash", "last_seen_at", "client_info"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.register(ModerationSettings)
admin.site.register(EmergencyMessage)
