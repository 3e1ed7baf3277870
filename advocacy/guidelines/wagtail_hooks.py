"""Wagtail admin for the guidelines: term lists as snippets, and CSV import."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from advocacy.guidelines.models import TERM_LIST_CHOICES, GuidelineTerm
from advocacy.guidelines.term_import import LOG_ACTION_IMPORTED, guideline_terms_import
from core.spreadsheets import spreadsheet_cell

MAX_IMPORT_BYTES = 2 * 1024 * 1024


term_permission_policy = ModelPermissionPolicy(GuidelineTerm)


class TermChooserAccessMixin:
    """Wagtail's choosers are open to every admin user; term lists are confidential."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not term_permission_policy.user_has_any_permission(
            request.user, ["add", "change", "delete", "view"]
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TermChooseView(TermChooserAccessMixin, snippet_chooser.ChooseView):
    pass


class TermChooseResultsView(TermChooserAccessMixin, snippet_chooser.ChooseResultsView):
    pass


class TermChosenView(TermChooserAccessMixin, snippet_chooser.SnippetChosenView):
    pass


class TermChosenMultipleView(
    TermChooserAccessMixin, snippet_chooser.SnippetChosenMultipleView
):
    pass


class TermChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = TermChooseView
    choose_results_view_class = TermChooseResultsView
    chosen_view_class = TermChosenView
    chosen_multiple_view_class = TermChosenMultipleView


class TermIndexView(IndexView):
    """The term list; its CSV export runs no formula typed into a term or note.

    (Wagtail writes XLSX cells that look like formulas as text already.)
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return spreadsheet_cell(value)
        return value


class GuidelineTermViewSet(SnippetViewSet):
    model = GuidelineTerm
    index_view_class = TermIndexView
    chooser_viewset_class = TermChooserViewSet
    icon = "warning"
    menu_label = gettext_lazy("Guideline terms")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["text", "list", "severity", "sureness", "replacement", "locale"]
    list_filter = ["list", "severity", "sureness", "locale"]
    search_fields = ["text", "replacement", "note"]
    list_export = [
        "text",
        "list",
        "severity",
        "sureness",
        "replacement",
        "note",
        "locale",
    ]
    export_filename = "guideline-terms"


register_snippet(GuidelineTermViewSet)


class TermImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "First row: column names. Columns: term (required), list, severity, "
            "sureness, replacement, note, locale."
        ),
    )
    default_list = forms.ChoiceField(
        label=gettext_lazy("List for rows without a list column"),
        choices=TERM_LIST_CHOICES,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


def term_import_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perms(
        ["advocacy.add_guidelineterm", "advocacy.change_guidelineterm"]
    ):
        raise PermissionDenied
    form = TermImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        result = guideline_terms_import(
            data=form.cleaned_data["file"].read(),
            default_list=form.cleaned_data["default_list"],
            user=request.user,
        )
        if not result.errors:
            messages.success(
                request,
                _("Imported: %(created)d new, %(updated)d updated terms.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect(GuidelineTermViewSet().get_url_name("list"))
        errors = result.errors[:50]
        status = 400 if result.unreadable else 200
    return TemplateResponse(
        request,
        "advocacy/admin/term_import.html",
        {"form": form, "errors": errors, "header_title": _("Import guideline terms")},
        status=status,
    )


@hooks.register("register_admin_urls")
def register_term_import_url():
    return [path("guidelines/import/", term_import_view, name="guideline_terms_import")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm("advocacy.add_guidelineterm")


@hooks.register("register_settings_menu_item")
def register_term_import_menu_item():
    return ImportMenuItem(
        gettext_lazy("Import guideline terms"),
        reverse("guideline_terms_import"),
        icon_name="upload",
        order=900,
    )


@hooks.register("register_log_actions")
def register_term_log_actions(actions):
    @actions.register_action(LOG_ACTION_IMPORTED)
    class TermsImported(LogFormatter):
        label = gettext_lazy("Import guideline terms")

        def format_message(self, log_entry) -> str:
            return _(
                "Guideline terms imported: %(created)s new, %(updated)s updated"
            ) % {
                "created": log_entry.data.get("created", 0),
                "updated": log_entry.data.get("updated", 0),
            }
