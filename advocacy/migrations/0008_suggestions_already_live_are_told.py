from django.db import migrations
from django.db.models import F


def mark_already_live(apps, schema_editor):
    # Stories that went live before suggesters were told of it: no late mail now.
    Suggestion = apps.get_model("advocacy", "Suggestion")
    Suggestion.objects.filter(
        status="accepted", live_notified_at__isnull=True, page__live=True
    ).update(live_notified_at=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("advocacy", "0007_suggestion_credit"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(mark_already_live, migrations.RunPython.noop)]
