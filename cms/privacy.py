"""What the CMS (Wagtail) stores about the people who edit (see core.privacy)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.models import EditingSession, FormState
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    APIToken,
    Comment,
    CommentReply,
    ModelLogEntry,
    Page,
    PageLogEntry,
    PageSubscription,
)
from wagtail.users.models import UserProfile

from core.privacy import UNTIL_ERASED, PersonalData


def _log(user) -> list[dict]:
    rows = []
    for model in (PageLogEntry, ModelLogEntry):
        for entry in model.objects.filter(user=user).order_by("timestamp"):
            rows.append(
                {
                    "at": entry.timestamp,
                    "action": str(entry.message),
                    "object": entry.label,
                }
            )
    return sorted(rows, key=lambda row: row["at"])


def _editorial(user) -> list[dict]:
    rows = [
        {"page_owned": page.title, "created_at": page.first_published_at}
        for page in Page.objects.filter(owner=user).order_by("path")
    ]
    rows += [
        {"comment_at": c.created_at, "text": c.text}
        for c in Comment.objects.filter(user=user).order_by("created_at")
    ]
    rows += [
        {"reply_at": r.created_at, "text": r.text}
        for r in CommentReply.objects.filter(user=user).order_by("created_at")
    ]
    for label, model in (
        ("image", get_image_model()),
        ("document", get_document_model()),
    ):
        rows += [
            {f"{label}_uploaded_at": item.created_at, "title": item.title}
            for item in model.objects.filter(uploaded_by_user=user).order_by("pk")
        ]
    return rows


def _editorial_erase(user, placeholder) -> None:
    UserProfile.objects.filter(user=user).delete()
    PageSubscription.objects.filter(user=user).delete()
    EditingSession.objects.filter(user=user).delete()
    FormState.objects.filter(user=user).delete()
    APIToken.objects.filter(user=user).delete()


PERSONAL_DATA = [
    PersonalData(
        key="editorial_log",
        label=_("Actions in the CMS"),
        description=_(
            "What you did in the CMS: publishing, approving, editing settings "
            "(the CMS's history of changes)."
        ),
        models=("wagtailcore.PageLogEntry", "wagtailcore.ModelLogEntry"),
        export=_log,
        seen_by=_("Administrators (the CMS's history)."),
        kept=UNTIL_ERASED,
        on_erase=_("Kept without your name, so the history stays complete."),
    ),
    PersonalData(
        key="editorial",
        label=_("Pages, comments and uploads in the CMS"),
        description=_(
            "Pages you own, comments you wrote on pages, pictures and documents "
            "you uploaded, your CMS preferences."
        ),
        models=(
            "wagtailcore.Page",
            "wagtailcore.Comment",
            "wagtailcore.CommentReply",
            "wagtailimages.Image",
            "wagtaildocs.Document",
            "wagtailusers.UserProfile",
            "wagtailcore.PageSubscription",
        ),
        export=_editorial,
        erase=_editorial_erase,
        seen_by=_("Editors in the CMS."),
        kept=UNTIL_ERASED,
        on_erase=_(
            "Preferences are deleted; pages, comments and uploads stay without "
            "your name."
        ),
    ),
]

NOT_PERSONAL = {
    "wagtailcore.Revision": _(
        "Drafts of pages: the content belongs to the page; who saved it is in the "
        "CMS's history."
    ),
    "wagtailcore.WorkflowState": _(
        "A page's review: who asked for it is in the CMS's history."
    ),
    "wagtailcore.TaskState": _(
        "A review step: who finished it is in the CMS's history."
    ),
    "wagtailcore.UploadedFile": _("A file being uploaded, for minutes."),
    "wagtailcore.APIToken": _("Not used by Boegbeeld."),
    "wagtailadmin.EditingSession": _("Who has a page open right now, for minutes."),
    "wagtailadmin.FormState": _("Unsaved edits kept for a preview, for minutes."),
}
