"""Writes to cms that other rooms ask for (the page editor writes pages itself)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug

from cms.languages import locale_for_language
from cms.models import StoryPage, StoryStats
from cms.selectors import library_changed


def story_share_counted(*, story_id: int, by: int = 1) -> None:
    """Add `by` colleagues to the story's share count ("Shared by N colleagues").

    Sharing calls it once per person: the first time they hand a post about the
    story off to a network.

    An UPDATE ... + `by` on the story's figures row, never a page save: a publish
    at the same moment neither loses this increment nor is overwritten by it.
    """
    if StoryStats.objects.filter(story_id=story_id).update(
        share_count=F("share_count") + by
    ):
        return
    try:
        with transaction.atomic():
            StoryStats.objects.create(story_id=story_id, share_count=by)
    except IntegrityError:  # created by a share at the same moment
        StoryStats.objects.filter(story_id=story_id).update(
            share_count=F("share_count") + by
        )


def story_share_count_set(*, story_id: int, count: int) -> None:
    """Set the share count outright (demo data and imports)."""
    StoryStats.objects.update_or_create(
        story_id=story_id, defaults={"share_count": count}
    )


# --- language versions ----------------------------------------------------------------
# Versions of one story share Wagtail's `translation_key`, one per `locale`; a story's
# locale follows its `language`. Both are page-level fields that Wagtail keeps out of
# revisions, so they are written to the page row here, never through the editor form.


def story_locale_follow_language(*, story: StoryPage) -> None:
    """Give `story` the locale of its (published) language.

    A story whose language changed to one another version already has leaves
    that group: two versions in one language are no versions of each other.
    """
    locale = locale_for_language(story.language)
    if story.locale_id == locale.pk:
        return
    updates: dict = {"locale": locale}
    if (
        StoryPage.objects.filter(translation_key=story.translation_key, locale=locale)
        .exclude(pk=story.pk)
        .exists()
    ):
        updates["translation_key"] = uuid.uuid4()
    StoryPage.objects.filter(pk=story.pk).update(**updates)
    for field, value in updates.items():
        setattr(story, field, value)
    library_changed()


@transaction.atomic
def story_versions_link(*, story: StoryPage, other: StoryPage) -> None:
    """Make `other` (and any versions it already has) versions of `story`."""
    if other.pk == story.pk:
        raise ValidationError({"other": _("A story cannot be a version of itself.")})
    group = list(
        StoryPage.objects.select_for_update().filter(
            translation_key__in=[story.translation_key, other.translation_key]
        )
    )
    languages = [page.language for page in group]
    clash = {code for code in languages if languages.count(code) > 1}
    if clash:
        names = dict(settings.LANGUAGES)
        raise ValidationError(
            {
                "other": _("Both stories have a version in %(language)s.")
                % {"language": ", ".join(str(names.get(c, c)) for c in sorted(clash))}
            }
        )
    for page in group:
        StoryPage.objects.filter(pk=page.pk).update(
            translation_key=story.translation_key,
            locale=locale_for_language(page.language),
        )
    other.translation_key = story.translation_key
    library_changed()


@transaction.atomic
def story_versions_unlink(*, story: StoryPage) -> None:
    """`story` stands alone again; its former versions stay linked to each other."""
    story.translation_key = uuid.uuid4()
    StoryPage.objects.filter(pk=story.pk).update(translation_key=story.translation_key)
    library_changed()


@transaction.atomic
def story_version_create(*, story: StoryPage, language: str, user) -> StoryPage:
    """A draft copy of `story` as its version in `language`, beside it in the tree.

    Comms then translate the copy (title, text, share texts) and publish it.
    """
    names = dict(settings.LANGUAGES)
    if language not in names or language == story.language:
        raise ValidationError({"language": _("Choose another language.")})
    if story.get_translations().filter(language=language).exists():
        raise ValidationError(
            {
                "language": _("This story already has a version in %(language)s.")
                % {"language": names[language]}
            }
        )
    parent = story.get_parent()
    copy = story.copy(
        to=parent,
        update_attrs={
            "slug": find_available_slug(parent, f"{story.slug}-{language}"),
            "language": language,
            "locale": locale_for_language(language),
            "featured": False,
        },
        keep_live=False,
        copy_revisions=False,
        reset_translation_key=False,
        user=user,
    )
    return copy.specific
