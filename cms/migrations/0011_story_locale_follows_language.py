"""Language versions of a story are linked through Wagtail's `translation_key`,
one version per `locale`: every language gets its Locale, and every story the
locale of its language."""

from django.conf import settings
from django.db import migrations


def story_locale_from_language(apps, schema_editor):
    locale_model = apps.get_model("wagtailcore", "Locale")
    story_model = apps.get_model("cms", "StoryPage")
    locales = {}
    for code, _name in settings.LANGUAGES:
        locales[code], _created = locale_model.objects.get_or_create(
            language_code=code
        )
    for code, locale in locales.items():
        story_model.objects.filter(language=code).exclude(locale=locale).update(
            locale=locale
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0010_story_share_count_counts_people"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.RunPython(story_locale_from_language, migrations.RunPython.noop),
    ]
