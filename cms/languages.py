"""A story's language as Wagtail sees it: its locale."""

from wagtail.models import Locale


def locale_for_language(language: str) -> Locale:
    """Wagtail's Locale for one of our languages (made on first use).

    A story's Wagtail `locale` follows its `language`: language versions of one
    story share Wagtail's `translation_key`, one version per locale.
    """
    locale, _created = Locale.objects.get_or_create(language_code=language)
    return locale
