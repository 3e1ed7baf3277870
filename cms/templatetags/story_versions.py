"""How a story offers its versions in other languages."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from cms.models import StoryPage
from cms.versions import story_other_versions

register = template.Library()


@register.simple_tag(takes_context=True)
def other_versions(context: template.Context, story: StoryPage) -> list[StoryPage]:
    """The story's versions in other languages, each with its `card_url`.

    Kept on the page object: the page's head and body both ask.
    """
    versions = getattr(story, "_other_versions", None)
    if versions is None:
        request = context.get("request")
        versions = story_other_versions(story)
        for version in versions:
            version.card_url = version.get_url(request)
        story._other_versions = versions
    return versions


@register.simple_tag
def also_in(language: str) -> str:
    """ "Also in English" / "Ook in het Nederlands": written in the language it
    offers, so a reader of that language recognises it whatever the page's."""
    names = dict(settings.LANGUAGES)
    if language not in names:
        return ""
    with translation.override(language):
        return gettext("Also in %(language)s") % {"language": str(names[language])}
