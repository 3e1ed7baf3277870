from django.db import migrations, models


def digest_choice_carried_over(apps, schema_editor):
    """Whoever had switched the weekly digest off hears of no new stories."""
    Profile = apps.get_model("accounts", "Profile")
    Profile.objects.filter(weekly_digest=False).update(new_stories="never")


def digest_choice_back(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    Profile.objects.filter(new_stories="never").update(weekly_digest=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_department_names_per_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="new_stories",
            field=models.CharField(
                choices=[
                    ("never", "Never"),
                    ("immediately", "Right away, one e-mail per story"),
                    ("daily", "Once a day"),
                    ("weekly", "Once a week, with what your shares achieved"),
                ],
                default="weekly",
                help_text="Only stories meant for you, in your language.",
                max_length=12,
                verbose_name="e-mail me about new stories",
            ),
        ),
        migrations.RunPython(digest_choice_carried_over, digest_choice_back),
        migrations.RemoveField(model_name="profile", name="weekly_digest"),
    ]
