"""What sharing, guidelines and suggestions store about a person (see core.privacy)."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import PurePosixPath

from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from advocacy.guidelines.models import GuidelineDismissal
from advocacy.outreach.models import DigestSent
from advocacy.sharing.analytics import MIN_GROUP_SIZE
from advocacy.sharing.models import ClickDaily, PointEntry, Share
from advocacy.suggestions.models import Suggestion, SuggestionMessage
from core.privacy import UNTIL_ERASED, PersonalData, Retention, kept_for

CLOSED = (Suggestion.Status.ACCEPTED, Suggestion.Status.REJECTED)


def _shares(user) -> list[dict]:
    shares = list(
        Share.objects.filter(user=user).select_related("story").order_by("created_at")
    )
    clicks = dict(
        ClickDaily.objects.filter(share__in=shares)
        .values_list("share")
        .annotate(n=Sum("count"))
    )
    return [
        {
            "prepared_at": share.created_at,
            "shared_at": share.handed_off_at,
            "shared_by": share.hand_off,
            "preview_fetched_by_network_at": share.preview_fetched_at,
            "network": share.network,
            "story": share.story.title if share.story else "",
            "text": share.text,
            "link_code": share.code,
            "clicks": clicks.get(share.pk, 0),
            "dismissed_warnings": share.dismissed_warnings,
        }
        for share in shares
    ]


def _shares_erase(user, placeholder) -> None:
    # The share stays for the company's figures (its clicks hang off it), but
    # without the text and without anything that leads back to the person.
    Share.objects.filter(user=user).update(
        user=placeholder, text="", dismissed_warnings=[], nudge=""
    )


def _points(user) -> list[dict]:
    return [
        {
            "at": entry.created_at,
            "kind": entry.get_kind_display(),
            "points": entry.amount,
            "day": entry.day,
            "note": entry.note,
        }
        for entry in PointEntry.objects.filter(user=user).order_by("created_at", "pk")
    ]


def _points_erase(user, placeholder) -> None:
    PointEntry.objects.filter(user=user).delete()


def _dismissals(user) -> list[dict]:
    return list(
        GuidelineDismissal.objects.filter(user=user)
        .order_by("created_at")
        .values("created_at", "rule", "match", "reason", "network")
    )


def _dismissals_erase(user, placeholder) -> None:
    GuidelineDismissal.objects.filter(user=user).delete()


def _digests(user) -> list[dict]:
    return list(
        DigestSent.objects.filter(user=user).order_by("week").values("week", "sent_at")
    )


def _digests_erase(user, placeholder) -> None:
    DigestSent.objects.filter(user=user).delete()


def _image_name(suggestion: Suggestion) -> str:
    name = PurePosixPath(suggestion.image.file.name).name
    return f"suggestion_images/{suggestion.pk}-{name}"


def _suggestions(user) -> list[dict]:
    mine = (
        Suggestion.objects.filter(suggester=user)
        .select_related("image")
        .prefetch_related("messages")
        .order_by("created_at")
    )
    rows = [
        {
            "submitted_at": s.created_at,
            "status": s.get_status_display(),
            "title": s.title,
            "link": s.url,
            "text": s.text,
            "why": s.why,
            "language": s.language,
            "may_be_named": s.credit_consent,
            "image": _image_name(s) if s.image_id else "",
            "messages": [
                {"at": m.created_at, "kind": m.get_kind_display(), "text": m.text}
                for m in s.messages.all()
            ],
        }
        for s in mine
    ]
    written = SuggestionMessage.objects.filter(author=user).exclude(
        suggestion__suggester=user
    )
    rows += [
        {
            "message_written_at": m.created_at,
            "on_suggestion": m.suggestion_id,
            "text": m.text,
        }
        for m in written.order_by("created_at")
    ]
    reviewed = Suggestion.objects.filter(reviewed_by=user).exclude(suggester=user)
    rows += [
        {
            "reviewed_at": s.reviewed_at,
            "suggestion": s.pk,
            "status": s.get_status_display(),
        }
        for s in reviewed.order_by("reviewed_at")
    ]
    return rows


def _suggestion_files(user) -> list[tuple[str, object]]:
    return [
        (_image_name(s), s.image.file)
        for s in Suggestion.objects.filter(
            suggester=user, image__isnull=False
        ).select_related("image")
    ]


def _suggestions_erase(user, placeholder) -> None:
    mine = Suggestion.objects.filter(suggester=user)
    # The CMS's history of reviews keeps its entries, but not the titles.
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Suggestion),
        object_id__in=[str(pk) for pk in mine.values_list("pk", flat=True)],
    ).update(label=gettext("Erased suggestion"))
    # An image that came with a suggestion no story took up goes with it; a story
    # made from a suggestion keeps its picture (but no longer names anyone).
    for suggestion in (
        mine.exclude(status=Suggestion.Status.ACCEPTED)
        .filter(image__isnull=False)
        .select_related("image")
    ):
        suggestion.image.delete()
    mine.delete()


def _group_rule() -> str:
    return _(
        "Managers and Communications see sharing figures per group only, and only "
        "for groups of at least %(n)s people; never one person's shares."
    ) % {"n": MIN_GROUP_SIZE}


def _links_rule() -> str:
    return _(
        "When someone opens a link you shared, no IP address is stored: a visitor is "
        "counted once a day with a salted hash whose salt is deleted after that day. "
        "Link-preview robots of the networks are not counted."
    )


def _no_tokens_rule() -> str:
    return _(
        "Boegbeeld never asks for your social media passwords or tokens: you post "
        "yourself, on the network, after Boegbeeld has checked the text."
    )


PERSONAL_DATA = [
    PersonalData(
        key="shares",
        label=_("Shares"),
        description=_(
            "What you shared: the story, the network, the text, when, the tracked "
            "link's code, how many people opened it, and warnings you chose to ignore."
        ),
        models=("advocacy.Share",),
        export=_shares,
        erase=_shares_erase,
        seen_by=_(
            "You. Communications see the texts of shares of their stories without "
            "names, and group figures only."
        ),
        kept=lambda: (
            _("The share: as long as the account exists. Its text: %(kept)s")
            % {"kept": kept_for("share_text_days")}
        ),
        on_erase=_(
            "The text is deleted; the share is kept without your name so that the "
            "company's totals do not change."
        ),
    ),
    PersonalData(
        key="points",
        label=_("Points"),
        description=_("Your points ledger: points for shares, clicks and suggestions."),
        models=("advocacy.PointEntry",),
        export=_points,
        erase=_points_erase,
        seen_by=_(
            "You. Colleagues see your total on the leaderboard only if you opt in."
        ),
        kept=partial(kept_for, "points_days"),
        on_erase=_("Deleted."),
    ),
    PersonalData(
        key="dismissed_warnings",
        label=_("Ignored guideline warnings"),
        description=_(
            "Guideline warnings you chose to ignore while writing, with your reason."
        ),
        models=("advocacy.GuidelineDismissal",),
        export=_dismissals,
        erase=_dismissals_erase,
        seen_by=_("You, and Communications to improve the guidelines."),
        kept=partial(kept_for, "share_text_days"),
        on_erase=_("Deleted."),
    ),
    PersonalData(
        key="digests",
        label=_("Digest e-mails"),
        description=_("Which weeks the weekly digest was sent to you."),
        models=("advocacy.DigestSent",),
        export=_digests,
        erase=_digests_erase,
        seen_by=_("Administrators."),
        kept=UNTIL_ERASED,
        on_erase=_("Deleted."),
    ),
    PersonalData(
        key="suggestions",
        label=_("Story suggestions"),
        description=_(
            "Stories you suggested, with their text, picture and the messages "
            "about them; messages you wrote and suggestions you reviewed."
        ),
        models=("advocacy.Suggestion", "advocacy.SuggestionMessage"),
        export=_suggestions,
        erase=_suggestions_erase,
        files=_suggestion_files,
        seen_by=_("You and Communications."),
        kept=lambda: (
            _(
                "Suggestions: as long as the account exists. Messages about closed "
                "ones: %(kept)s"
            )
            % {"kept": kept_for("suggestion_message_days")}
        ),
        on_erase=_(
            "Deleted with their pictures. A story made from your suggestion stays "
            "but no longer names you."
        ),
    ),
]


def _share_texts_prune(cutoff: datetime) -> int:
    texts = (
        Share.objects.filter(created_at__lt=cutoff)
        .exclude(text="", dismissed_warnings=[])
        .update(text="", dismissed_warnings=[])
    )
    reasons, _kinds = GuidelineDismissal.objects.filter(created_at__lt=cutoff).delete()
    return texts + reasons


def _points_prune(cutoff: datetime) -> int:
    return PointEntry.objects.filter(created_at__lt=cutoff).delete()[0]


def _messages_prune(cutoff: datetime) -> int:
    return SuggestionMessage.objects.filter(
        created_at__lt=cutoff, suggestion__status__in=CLOSED
    ).delete()[0]


STATEMENTS = [_group_rule, _links_rule, _no_tokens_rule]

RETENTION = [
    Retention(
        setting="share_text_days",
        label=_("Texts of shares and reasons for ignored warnings"),
        prune=_share_texts_prune,
    ),
    Retention(setting="points_days", label=_("Points ledger"), prune=_points_prune),
    Retention(
        setting="suggestion_message_days",
        label=_("Messages about closed suggestions"),
        prune=_messages_prune,
    ),
]
