"""The Django admin for realtime: every write goes through `realtime.services`.

Saving, deleting and the actions call the same services as the staff pages, so
the admin masks text as ingest does and screens hear about what it changes.
"""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from realtime import services
from realtime.masking import clean_feedback_text
from realtime.models import (
    EmergencyMessage,
    Feedback,
    FeedbackSource,
    ModerationSettings,
    Screen,
)
from realtime.services.screens import SCREEN_SETTINGS
from realtime.views.screen import screen_url


def _take_stored(obj: Model, stored: Model) -> None:
    """Make the admin's instance the row the service stored (pk, masked text), so
    the change log and the redirect after saving show what was stored."""
    for field in stored._meta.concrete_fields:
        setattr(obj, field.attname, getattr(stored, field.attname))
    obj._state.adding = False
    obj._state.db = stored._state.db


class FeedbackAdminForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["text", "author", "channel", "rating", "location"]

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if not clean_feedback_text(text).text:
            raise ValidationError(_("The text is empty after removing markup."))
        return text


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    form = FeedbackAdminForm
    list_display = ["id", "text", "author", "channel", "rating", "location", "status"]
    list_filter = ["status", "channel", "location"]
    search_fields = ["text", "external_id"]
    # Status changes only through the moderation actions, which tell the screens.
    readonly_fields = ["status", "source", "external_id", "received_at", "moderated_at"]
    actions = ["approve_selected", "hide_selected"]

    def get_fields(self, request: HttpRequest, obj: Feedback | None = None) -> list:
        fields = ["text", "author", "channel", "rating", "location"]
        if obj is None:  # new feedback gets its status from the auto-approve rules
            return fields
        return [*fields, *self.readonly_fields]

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("realtime.moderate_feedback")

    def save_model(
        self, request: HttpRequest, obj: Feedback, form: forms.Form, change: bool
    ) -> None:
        data = form.cleaned_data
        details = {
            "text": data["text"],
            "author": data["author"],
            "channel": data["channel"],
            "rating": data["rating"],
            "location": data["location"],
        }
        if change:
            stored = services.feedback_edit(feedback=obj, **details)
        else:
            stored = services.feedback_ingest(**details).feedback
        _take_stored(obj, stored)

    def delete_model(self, request: HttpRequest, obj: Feedback) -> None:
        services.feedback_delete(feedback=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for feedback in queryset:
            services.feedback_delete(feedback=feedback)

    @admin.action(
        description=_("Approve and show on the screens"), permissions=["moderate"]
    )
    def approve_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = self._moderate(request, queryset, services.feedback_approve)
        message = ngettext(
            "%(count)d item approved.", "%(count)d items approved.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(
        description=_("Hide and take off the screens"), permissions=["moderate"]
    )
    def hide_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = self._moderate(request, queryset, services.feedback_hide)
        message = ngettext("%(count)d item hidden.", "%(count)d items hidden.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @staticmethod
    def _moderate(
        request: HttpRequest, queryset: QuerySet, service: Callable[..., object]
    ) -> int:
        """Each selected item through the service (it pushes to the screens)."""
        count = 0
        for feedback in queryset:
            service(feedback=feedback, by=request.user)
            count += 1
        return count


@admin.register(FeedbackSource)
class FeedbackSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "active", "last_used_at"]
    readonly_fields = ["token_hash", "last_used_at"]

    def get_fields(self, request: HttpRequest, obj: FeedbackSource | None = None):
        if obj is None:  # the token is made by the service and shown once
            return ["name"]
        return ["name", "active", *self.readonly_fields]

    def save_model(
        self, request: HttpRequest, obj: FeedbackSource, form: forms.Form, change: bool
    ) -> None:
        data = form.cleaned_data
        if change:
            stored = services.feedback_source_update(
                source=obj, name=data["name"], active=data["active"]
            )
        else:
            stored, token = services.feedback_source_create(name=data["name"])
            self.message_user(
                request,
                _("API token for %(name)s (shown only now): %(token)s")
                % {"name": stored.name, "token": token},
                messages.WARNING,
            )
        _take_stored(obj, stored)


@admin.register(Screen)
class ScreenAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "location", "active", "last_seen_at"]
    readonly_fields = ["token_hash", "last_seen_at", "client_info"]
    prepopulated_fields = {"slug": ["name"]}
    new_screen_fields = [
        "name",
        "slug",
        "location",
        "language",
        "theme",
        "rotation_seconds",
    ]

    def get_fields(self, request: HttpRequest, obj: Screen | None = None):
        if obj is None:  # the token is made by the service and shown once
            return self.new_screen_fields
        return [*SCREEN_SETTINGS, *self.readonly_fields]

    def save_model(
        self, request: HttpRequest, obj: Screen, form: forms.Form, change: bool
    ) -> None:
        data = form.cleaned_data
        if change:
            stored = services.screen_update(
                screen=obj,
                by=request.user,
                **{name: data[name] for name in form.changed_data},
            )
        else:
            stored, token = services.screen_create(
                **{name: data[name] for name in self.new_screen_fields}
            )
            self.message_user(
                request,
                _("Open this address on the screen (shown only now): %(url)s")
                % {"url": screen_url(request, stored, token)},
                messages.WARNING,
            )
        _take_stored(obj, stored)

    def delete_model(self, request: HttpRequest, obj: Screen) -> None:
        services.screen_delete(screen=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for screen in queryset:
            services.screen_delete(screen=screen, by=request.user)


@admin.register(EmergencyMessage)
class EmergencyMessageAdmin(admin.ModelAdmin):
    list_display = ["text", "location", "active", "created_at", "cleared_at"]
    list_filter = ["active", "location"]
    actions = ["clear_selected"]

    def get_fields(self, request: HttpRequest, obj: EmergencyMessage | None = None):
        if obj is None:
            return ["text", "location"]
        return ["text", "location", "active", "created_at", "cleared_at"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: EmergencyMessage | None = None
    ) -> list:
        # A message on the screens is replaced or cleared, never edited in place.
        if obj is None:
            return []
        return ["text", "location", "active", "created_at", "cleared_at"]

    def save_model(
        self,
        request: HttpRequest,
        obj: EmergencyMessage,
        form: forms.Form,
        change: bool,
    ) -> None:
        if change:
            return  # nothing is editable
        data = form.cleaned_data
        stored = services.emergency_set(
            text=data["text"], location=data["location"], by=request.user
        )
        _take_stored(obj, stored)

    def delete_model(self, request: HttpRequest, obj: EmergencyMessage) -> None:
        services.emergency_delete(message=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for message in queryset:
            services.emergency_delete(message=message)

    @admin.action(description=_("Clear from the screens"))
    def clear_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        for message in queryset.filter(active=True):
            services.emergency_clear(message=message, by=request.user)


# Saved through the model, as the moderation page's form does; saving clears the
# cached rules (see signals.py).
admin.site.register(ModerationSettings)
