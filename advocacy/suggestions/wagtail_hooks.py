"""The review queue for story suggestions in the Wagtail admin.

Reviewers hold `advocacy.review_suggestion`: they list and filter suggestions,
open one, and accept it (a draft story), reject it with a reason, or ask the
suggester a question. Nobody adds, edits or deletes suggestions here. What waits
for them shows as a count in the menu and a panel on the dashboard.
"""

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from advocacy.suggestions import selectors
from advocacy.suggestions import services as suggestions
from advocacy.suggestions.forms import (
    SuggestionAcceptForm,
    SuggestionQuestionForm,
    SuggestionRejectForm,
)
from advocacy.suggestions.models import Suggestion
from core.forms import form_add_service_errors

REVIEW_PERMISSION = "advocacy.review_suggestion"
REVIEW_ACTIONS = frozenset({"view", "change"})


class SuggestionReviewPolicy(ModelPermissionPolicy):
    """Reviewers may see and decide suggestions; adding and deleting is for nobody."""

    def user_has_permission(self, user, action):
        return action in REVIEW_ACTIONS and user.has_perm(REVIEW_PERMISSION)

    def users_with_any_permission(self, actions):
        if not REVIEW_ACTIONS.intersection(actions):
            return get_user_model().objects.none()
        return self._get_users_with_any_permission_codenames(["review_suggestion"])


# Registered before the viewset asks for the model's policy.
register_permission_policy(Suggestion, SuggestionReviewPolicy(Suggestion))


class SuggestionReviewView(WagtailAdminTemplateMixin, TemplateView):
    """One suggestion, as sent, with the accept / question / reject forms."""

    template_name = "advocacy/admin/suggestion_review.html"
    header_icon = "help"
    index_url_name = None
    actions = {
        "accept": SuggestionAcceptForm,
        "question": SuggestionQuestionForm,
        "reject": SuggestionRejectForm,
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        self.suggestion = get_object_or_404(
            selectors.suggestion_review_queryset(), pk=kwargs["pk"]
        )
        self.forms = {
            name: form_class(prefix=name) for name, form_class in self.actions.items()
        }
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.suggestion.display_title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Story suggestions")},
            {"url": "", "label": self.suggestion.display_title},
        ]

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action not in self.actions:
            return redirect(request.path)
        if not self.suggestion.is_open:
            messages.warning(request, _("This suggestion has already been decided."))
            return redirect(request.path)
        form = self.actions[action](request.POST, prefix=action)
        self.forms[action] = form
        if form.is_valid():
            try:
                message = self.perform(action, form.cleaned_data)
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect(request.path)
        context = self.get_context_data(active_action=action)
        return self.render_to_response(context, status=400)

    def perform(self, action: str, data: dict) -> str:
        user = self.request.user
        if action == "accept":
            page = suggestions.suggestion_accept(
                suggestion=self.suggestion, reviewer=user, points=data["points"]
            )
            return _("Accepted: the draft story “%(title)s” is ready to edit.") % {
                "title": page.title
            }
        if action == "reject":
            suggestions.suggestion_reject(
                suggestion=self.suggestion, reviewer=user, reason=data["reason"]
            )
            return _("Rejected; %(name)s has been told why.") % {
                "name": self.suggestion.suggester.display_name
            }
        suggestions.suggestion_ask(
            suggestion=self.suggestion, reviewer=user, question=data["question"]
        )
        return _("Your question has been sent to %(name)s.") % {
            "name": self.suggestion.suggester.display_name
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        suggestion = self.suggestion
        context.update(
            suggestion=suggestion,
            departments=suggestion.audience_departments.all(),
            locations=suggestion.audience_locations.all(),
            messages_thread=suggestion.messages.select_related("author"),
            forms=self.forms,
            index_url=reverse(self.index_url_name),
            page_edit_url=(
                reverse("wagtailadmin_pages:edit", args=[suggestion.page_id])
                if suggestion.page_id
                else None
            ),
        )
        return context


class SuggestionFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Submitted"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Suggestion
        fields = ["status"]


def _suggester_name(suggestion: Suggestion) -> str:
    return suggestion.suggester.display_name


class SuggestionViewSet(ModelViewSet):
    model = Suggestion
    icon = "help"
    menu_label = gettext_lazy("Suggestions")
    menu_order = 215
    add_to_admin_menu = True
    url_prefix = "suggestions"
    name = "suggestion_review"
    copy_view_enabled = False
    inspect_view_enabled = False
    filterset_class = SuggestionFilterSet
    ordering = ["-created_at"]
    list_per_page = 30
    search_fields = ["title", "url", "text", "why"]
    list_display = [
        TitleColumn(
            "display_title",
            label=gettext_lazy("Suggestion"),
            url_name="suggestion_review:edit",
        ),
        Column(
            "suggester",
            label=gettext_lazy("Suggested by"),
            accessor=_suggester_name,
        ),
        StatusTagColumn(
            "get_status_display",
            label=gettext_lazy("Status"),
            sort_key="status",
            primary=lambda suggestion: suggestion.is_open,
        ),
        DateColumn(
            "created_at", label=gettext_lazy("Submitted"), sort_key="created_at"
        ),
    ]

    def get_queryset(self, request):
        return selectors.suggestion_review_queryset()

    @cached_property
    def menu_item_class(self):
        """The menu item, labelled with how many suggestions wait for a reviewer."""
        base = super().menu_item_class

        class SuggestionMenuItem(base):
            def render_component(self, request):
                count = selectors.suggestions_waiting_count()
                label = self.label
                if count:
                    label = _("%(label)s (%(count)s waiting)") % {
                        "label": self.label,
                        "count": count,
                    }
                return LinkMenuItem(
                    self.name,
                    label,
                    self.url,
                    icon_name=self.icon_name,
                    classname=self.classname,
                    attrs={**self.attrs, "data-waiting": str(count)},
                )

        return SuggestionMenuItem

    def get_urlpatterns(self):
        # Only the listing and the review page: suggestions are never added,
        # edited or deleted in the admin. The review page takes the "edit"
        # name so the listing links to it.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(
                "<int:pk>/",
                SuggestionReviewView.as_view(
                    index_url_name=self.get_url_name("index"),
                ),
                name="edit",
            ),
        ]

    def get_permissions_to_register(self):
        return Permission.objects.filter(
            content_type__app_label="advocacy", codename="review_suggestion"
        )


suggestion_viewset = SuggestionViewSet()


@hooks.register("register_admin_viewset")
def register_suggestion_viewset():
    return suggestion_viewset


@hooks.register("register_log_actions")
def register_suggestion_log_actions(actions):
    @actions.register_action(suggestions.LOG_ACTION_ACCEPTED)
    class SuggestionAccepted(LogFormatter):
        label = gettext_lazy("Created from a suggestion")

        def format_message(self, log_entry):
            return _("Created from a story suggestion by %(name)s") % {
                "name": log_entry.data.get("suggested_by", "?")
            }

        def format_comment(self, log_entry):
            return log_entry.data.get("why", "")

    actions.register_action(
        suggestions.LOG_ACTION_REJECTED,
        gettext_lazy("Reject a suggestion"),
        gettext_lazy("Suggestion not taken up"),
    )


class SuggestionsWaitingPanel(Component):
    """On the admin dashboard: the suggestions waiting for a reviewer."""

    name = "suggestions_waiting"
    template_name = "advocacy/admin/suggestions_waiting_panel.html"
    order = 205  # above Wagtail's own workflow panels

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["count"] = selectors.suggestions_waiting_count()
        context["suggestions"] = selectors.suggestions_waiting()
        context["index_url"] = reverse(suggestion_viewset.get_url_name("index"))
        return context


@hooks.register("construct_homepage_panels")
def add_suggestions_waiting_panel(request, panels):
    if request.user.has_perm(REVIEW_PERMISSION):
        panels.append(SuggestionsWaitingPanel())


@hooks.register("after_publish_page")
def tell_suggester_story_published(request, page):
    """The editor published a story: if it came from a suggestion, say so."""
    suggestions.suggestion_story_published(page=page)
