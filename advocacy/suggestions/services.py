"""Story suggestions: employees propose, comms staff accept, reject or ask.

Services (`suggestion_<verb>`) are the only writers; `selectors.py` holds the
readers. Every submission is re-checked here against the guidelines and
sanitised, whatever the browser showed; mail goes out only after commit.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection

from advocacy.sharing.points import points_award_suggestion
from advocacy.suggestions import emails
from advocacy.suggestions.checks import suggestion_blocking_findings
from advocacy.suggestions.drafts import draft_body_blocks, draft_intro_and_body_html
from advocacy.suggestions.models import Suggestion, SuggestionMessage
from advocacy.suggestions.selectors import (
    suggestion_daily_limit,
    suggestions_recent_count,
)
from core.images import CleanImage
from core.sanitize import plain_text, sanitize_html

SUGGESTION_IMAGE_COLLECTION = "Story suggestions"
LOG_ACTION_ACCEPTED = "advocacy.suggestion_accepted"
LOG_ACTION_REJECTED = "advocacy.suggestion_rejected"


# --- services -------------------------------------------------------------------
def suggestion_limit_check(*, suggester) -> None:
    """Raise ValidationError when the suggester reached today's limit.

    The suggestion page asks this before it even opens an uploaded image, so
    that someone over the limit cannot make the server decode images for
    nothing; `suggestion_create` asks again under a lock.
    """
    if suggestions_recent_count(user=suggester) >= suggestion_daily_limit():
        raise ValidationError(
            {
                NON_FIELD_ERRORS: [
                    _(
                        "You have sent %(limit)s suggestions in the last 24 hours, "
                        "the most we take in a day. Thank you! Please try again "
                        "tomorrow."
                    )
                    % {"limit": suggestion_daily_limit()}
                ]
            }
        )


@transaction.atomic
def suggestion_create(
    *,
    suggester,
    url: str = "",
    title: str = "",
    text: str = "",
    why: str = "",
    image: CleanImage | None = None,
    departments: Iterable = (),
    locations: Iterable = (),
    language: str | None = None,
    credit_consent: bool = False,
) -> Suggestion:
    """Store a new suggestion, or raise ValidationError and store nothing.

    Refused: nothing to go on (no link, no title and text), anything the
    guidelines block, or more than the daily limit of suggestions.
    """
    url = (url or "").strip()
    title = plain_text(title)
    text = sanitize_html(text)
    why = plain_text(why)
    if not url and not (title and plain_text(text)):
        raise ValidationError(
            {
                NON_FIELD_ERRORS: [
                    _("Give us a link, or a title and a short text (or both).")
                ]
            }
        )

    blocking = suggestion_blocking_findings(
        title=title, text=text, why=why, locale=language
    )
    if blocking:
        raise ValidationError(blocking)

    # Serialise one user's submissions, so parallel requests can't pass the limit.
    get_user_model().objects.select_for_update().filter(pk=suggester.pk).first()
    suggestion_limit_check(suggester=suggester)

    suggestion = Suggestion(
        suggester=suggester,
        url=url,
        title=title[:200],
        text=text,
        why=why,
        language=(language or settings.LANGUAGE_CODE)[:2],
        credit_consent=bool(credit_consent),
    )
    suggestion.full_clean(exclude=["image"])
    stored_image = None
    try:
        if image is not None:
            stored_image = _image_store(image=image, title=title or url, user=suggester)
            suggestion.image = stored_image
        suggestion.save()
        suggestion.audience_departments.set(list(departments))
        suggestion.audience_locations.set(list(locations))
    except Exception:
        # The row rolls back with the transaction; the file would not.
        if stored_image is not None:
            stored_image.file.delete(save=False)
        raise
    _notify_reviewers_on_commit(suggestion, "new")
    return suggestion


def _image_store(*, image: CleanImage, title: str, user):
    """A Wagtail image in the suggestions collection (so accepting can reuse it)."""
    image_model = get_image_model()
    stored = image_model(
        title=Truncator(title or _("Suggested image")).chars(250),
        collection=_suggestion_collection(),
        uploaded_by_user=user,
    )
    stored.file = ImageFile(io.BytesIO(image.content), name=image.name)
    stored.save()
    return stored


def _suggestion_collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=SUGGESTION_IMAGE_COLLECTION).first()
    if existing is not None:
        return existing
    return root.add_child(name=SUGGESTION_IMAGE_COLLECTION)


def _lock_open(suggestion: Suggestion) -> Suggestion:
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if not locked.is_open:
        raise ValidationError(_("This suggestion has already been decided."))
    return locked


def _notify_on_commit(suggestion: Suggestion, event: str) -> None:
    transaction.on_commit(
        partial(emails.suggestion_notify, suggestion_id=suggestion.pk, event=event)
    )


def _notify_reviewers_on_commit(suggestion: Suggestion, event: str) -> None:
    transaction.on_commit(
        partial(
            emails.suggestion_notify_reviewers, suggestion_id=suggestion.pk, event=event
        )
    )


def suggestion_points_award(suggestion: Suggestion, points: int | None = None) -> int:
    """Credit the suggester for an accepted suggestion; returns the points.

    The single place accepted suggestions earn points: the award is kept on the
    suggestion and written to the points ledger in the same transaction, so an
    accepted suggestion never exists without its points (or the other way round).
    """
    if points is None:
        points = settings.BOEGBEELD_SUGGESTION_POINTS
    suggestion.points_awarded = max(int(points), 0)
    suggestion.save(update_fields=["points_awarded", "updated_at"])
    points_award_suggestion(suggestion=suggestion)
    return suggestion.points_awarded


@transaction.atomic
def suggestion_accept(
    *, suggestion: Suggestion, reviewer, points: int | None = None, parent=None
):
    """Turn a suggestion into a draft story (never live) and credit the suggester.

    The draft is saved as a revision under the story index and, when a workflow
    applies, submitted to it, exactly as an editor's "Submit for moderation".
    """
    from cms.languages import locale_for_language
    from cms.models import StoryIndexPage, StoryPage

    suggestion = _lock_open(suggestion)
    parent = parent or StoryIndexPage.objects.order_by("path").first()
    if parent is None:
        raise ValidationError(
            _("There is no story index page yet to add the story to.")
        )
    title = suggestion.display_title[:255]
    intro, body_html = draft_intro_and_body_html(suggestion)
    page = StoryPage(
        title=title,
        slug=find_available_slug(parent, slugify(title)[:80] or "suggestion"),
        intro=intro,
        body=draft_body_blocks(body_html),
        hero_image=suggestion.image,
        language=suggestion.language,
        locale=locale_for_language(suggestion.language),
        suggested_by=(
            suggestion.suggester.display_name if suggestion.credit_consent else ""
        ),
        owner=reviewer,
        live=False,
    )
    page.audience_departments = list(suggestion.audience_departments.all())
    page.audience_locations = list(suggestion.audience_locations.all())
    parent.add_child(instance=page)
    revision = page.save_revision(user=reviewer, log_action=True)
    # The credit sits on the draft's own revision, so the page history names the
    # colleague whose idea it was beside the revision made from it.
    log(
        instance=page,
        action=LOG_ACTION_ACCEPTED,
        user=reviewer,
        revision=revision,
        data={
            "suggestion_id": suggestion.pk,
            "suggested_by": suggestion.suggester.display_name,
            "why": Truncator(suggestion.why).chars(500),
            "url": suggestion.url,
        },
    )
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, reviewer)

    suggestion.status = Suggestion.Status.ACCEPTED
    suggestion.page = page
    suggestion.reviewed_by = reviewer
    suggestion.reviewed_at = timezone.now()
    suggestion.save(update_fields=["status", "page", "reviewed_by", "reviewed_at"])
    suggestion_points_award(suggestion, points)
    _notify_on_commit(suggestion, "accepted")
    return page


@transaction.atomic
def suggestion_reject(*, suggestion: Suggestion, reviewer, reason: str) -> Suggestion:
    reason = plain_text(reason)
    if len(reason) < 3:
        raise ValidationError({"reason": _("Tell the colleague briefly why.")})
    suggestion = _lock_open(suggestion)
    suggestion.status = Suggestion.Status.REJECTED
    suggestion.rejection_reason = reason
    suggestion.reviewed_by = reviewer
    suggestion.reviewed_at = timezone.now()
    suggestion.save(
        update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at"]
    )
    log(instance=suggestion, action=LOG_ACTION_REJECTED, user=reviewer)
    _notify_on_commit(suggestion, "rejected")
    return suggestion


@transaction.atomic
def suggestion_ask(*, suggestion: Suggestion, reviewer, question: str) -> Suggestion:
    """Ask the suggester something; the suggestion waits for their answer."""
    question = plain_text(question)
    if len(question) < 3:
        raise ValidationError({"question": _("Write your question.")})
    suggestion = _lock_open(suggestion)
    SuggestionMessage.objects.create(
        suggestion=suggestion,
        author=reviewer,
        kind=SuggestionMessage.Kind.QUESTION,
        text=question,
    )
    suggestion.status = Suggestion.Status.QUESTION
    suggestion.reviewed_by = reviewer
    suggestion.save(update_fields=["status", "reviewed_by", "updated_at"])
    _notify_on_commit(suggestion, "question")
    return suggestion


@transaction.atomic
def suggestion_answer(*, suggestion: Suggestion, user, answer: str) -> Suggestion:
    """The suggester answers; the suggestion goes back into the review queue."""
    answer = plain_text(answer)
    if len(answer) < 1:
        raise ValidationError({"answer": _("Write your answer.")})
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.suggester_id != user.pk:
        raise Http404
    if locked.status != Suggestion.Status.QUESTION:
        raise ValidationError(_("There is no open question on this suggestion."))
    blocking = suggestion_blocking_findings(
        title="", text="", why=answer, locale=locked.language
    )
    if blocking:
        raise ValidationError({"answer": [m for ms in blocking.values() for m in ms]})
    SuggestionMessage.objects.create(
        suggestion=locked, author=user, kind=SuggestionMessage.Kind.ANSWER, text=answer
    )
    locked.status = Suggestion.Status.NEW
    locked.save(update_fields=["status", "updated_at"])
    _notify_reviewers_on_commit(locked, "answered")
    return locked


@transaction.atomic
def suggestion_story_published(*, page) -> Suggestion | None:
    """Tell the suggester their story is live: once, and only once it is.

    Called when a story is published (the editor's Publish button, an approved
    workflow); a story published again later, or not yet live, mails nobody.
    """
    if not page.live or page.expired:
        return None
    suggestion = (
        Suggestion.objects.select_for_update()
        .filter(
            page_id=page.pk,
            status=Suggestion.Status.ACCEPTED,
            live_notified_at__isnull=True,
        )
        .first()
    )
    if suggestion is None:
        return None
    suggestion.live_notified_at = timezone.now()
    suggestion.save(update_fields=["live_notified_at", "updated_at"])
    _notify_on_commit(suggestion, "published")
    return suggestion


def suggestion_stories_published_sweep() -> int:
    """Tell every suggester whose story has gone live by any path since the last
    sweep: scheduled publishing (the worker) runs none of the publish hooks."""
    waiting = Suggestion.objects.filter(
        status=Suggestion.Status.ACCEPTED,
        live_notified_at__isnull=True,
        page__live=True,
    ).select_related("page")
    return sum(
        suggestion_story_published(page=suggestion.page) is not None
        for suggestion in waiting
    )
