"""Accounts in the CMS: the history of role changes, data exports and erasures,
and erasing a leaver."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter

from accounts import audit, personal_data
from accounts.forms import EraseConfirmForm


@hooks.register("before_edit_user")
def remember_roles(request, user) -> None:
    request.roles_before = audit.roles_of(user)


@hooks.register("after_edit_user")
def log_roles_edited(request, user) -> None:
    audit.roles_changed_log(
        user=user, by=request.user, before=getattr(request, "roles_before", [])
    )


@hooks.register("after_create_user")
def log_roles_given(request, user) -> None:
    audit.roles_changed_log(user=user, by=request.user, before=None)


@hooks.register("register_log_actions")
def register_account_log_actions(actions) -> None:
    @actions.register_action(audit.ROLES_CHANGED)
    class RolesChanged(LogFormatter):
        label = gettext_lazy("Change roles")

        def format_message(self, log_entry) -> str:
            roles = ", ".join(log_entry.data.get("after", [])) or _("none")
            return _("Roles changed to: %(roles)s") % {"roles": roles}

    actions.register_action(
        audit.DATA_EXPORTED,
        gettext_lazy("Export personal data"),
        gettext_lazy("Personal data exported"),
    )

    @actions.register_action(audit.ERASED)
    class Erased(LogFormatter):
        label = gettext_lazy("Erase an account")

        def format_message(self, log_entry) -> str:
            if log_entry.data.get("by_themselves"):
                return _("Account erased at the person's own request")
            return _("Account erased by an administrator")


@hooks.register("register_user_listing_buttons")
def erase_button(user, request_user):
    if request_user.is_superuser and user.pk != request_user.pk:
        yield Button(
            _("Erase (leaver)"),
            reverse("accounts_admin_erase", args=[user.pk]),
            priority=90,
            icon_name="bin",
        )


@hooks.register("register_admin_urls")
def register_erase_url():
    return [
        path(
            "accounts/erase/<int:user_id>/",
            admin_erase_view,
            name="accounts_admin_erase",
        )
    ]


def admin_erase_view(request: HttpRequest, user_id: int) -> HttpResponse:
    """An administrator erases a leaver: the same erasure as "Erase my account"."""
    if not request.user.is_superuser:
        raise PermissionDenied
    person = get_object_or_404(get_user_model(), pk=user_id)
    if person.pk == request.user.pk:
        raise PermissionDenied  # your own account: from your profile
    form = EraseConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = person.email
        personal_data.user_erase(user=person, by=request.user)
        messages.success(request, _("%(email)s is erased.") % {"email": email})
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "accounts/admin/erase.html",
        {
            "person": person,
            "form": form,
            "kinds": personal_data.erasure_summary(),
            "page_title": _("Erase %(email)s") % {"email": person.email},
            "header_icon": "bin",
        },
    )
