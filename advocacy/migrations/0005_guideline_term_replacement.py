from django.db import migrations


class Migration(migrations.Migration):
    """"Suggestion" means a story suggestion only: a term's alternative is its
    replacement."""

    dependencies = [
        ("advocacy", "0004_sharing_settings_default_from_network_registry"),
    ]

    operations = [
        migrations.RenameField(
            model_name="guidelineterm", old_name="suggestion", new_name="replacement"
        ),
    ]
