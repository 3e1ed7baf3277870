"""How a story offers its versions in other languages."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def also_in(language: str) -> str:
    """ "Also in English" / "Ook in het Nederlands": written in the language it
    offers, so a reader of that language recognises it whatever the page's."""
    names = dict(settings.LANGUAGES)
    if language not in names:
        return ""
    with translation.override(language):
        return gettext("Also in %(language)s") % {"language": str(names[language])}
