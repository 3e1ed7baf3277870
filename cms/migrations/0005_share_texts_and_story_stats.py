import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

import core.network_labels


def share_counts_to_stats(apps, schema_editor):
    StoryPage = apps.get_model("cms", "StoryPage")
    StoryStats = apps.get_model("cms", "StoryStats")
    StoryStats.objects.bulk_create(
        [
            StoryStats(story_id=pk, share_count=count)
            for pk, count in StoryPage.objects.filter(share_count__gt=0).values_list(
                "pk", "share_count"
            )
        ],
        batch_size=1000,
    )


def stats_to_share_counts(apps, schema_editor):
    StoryPage = apps.get_model("cms", "StoryPage")
    StoryStats = apps.get_model("cms", "StoryStats")
    for stats in StoryStats.objects.all():
        StoryPage.objects.filter(pk=stats.story_id).update(share_count=stats.share_count)


def _rename_in_revisions(apps, old: str, new: str, drop: tuple[str, ...] = ()) -> None:
    # Drafts waiting in revisions keep their share texts under the new name, and
    # no revision carries the share count back onto a page when it is published.
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    try:
        story_type = ContentType.objects.get(app_label="cms", model="storypage")
    except ContentType.DoesNotExist:
        return
    for revision in Revision.objects.filter(content_type=story_type).iterator():
        content = revision.content
        if not isinstance(content, dict):
            continue
        changed = False
        if old in content:
            content[new] = content.pop(old)
            changed = True
        for key in drop:
            if key in content:
                content.pop(key)
                changed = True
        if changed:
            revision.content = content
            revision.save(update_fields=["content"])


def revisions_forward(apps, schema_editor):
    _rename_in_revisions(apps, "share_suggestions", "share_texts", drop=("share_count",))


def revisions_backward(apps, schema_editor):
    _rename_in_revisions(apps, "share_texts", "share_suggestions")


class Migration(migrations.Migration):
    """"Suggestion" means a story suggestion only: comms' per-network texts are
    share texts. The share count moves off the page into StoryStats, so saving or
    publishing a page can never overwrite it."""

    dependencies = [
        ("cms", "0004_communications_workflow"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="StoryStats",
            fields=[
                (
                    "story",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="stats",
                        serialize=False,
                        to="cms.storypage",
                    ),
                ),
                (
                    "share_count",
                    models.PositiveIntegerField(default=0, verbose_name="times shared"),
                ),
            ],
            options={
                "verbose_name": "story figures",
                "verbose_name_plural": "story figures",
            },
        ),
        migrations.RunPython(share_counts_to_stats, stats_to_share_counts),
        migrations.RemoveField(model_name="storypage", name="share_count"),
        migrations.RenameModel(old_name="ShareSuggestion", new_name="ShareText"),
        migrations.AlterModelOptions(
            name="sharetext",
            options={
                "ordering": ["sort_order"],
                "verbose_name": "share text",
                "verbose_name_plural": "share texts",
            },
        ),
        migrations.AlterField(
            model_name="sharetext",
            name="page",
            field=modelcluster.fields.ParentalKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="share_texts",
                to="cms.storypage",
            ),
        ),
        migrations.AlterField(
            model_name="sharetext",
            name="network",
            field=models.CharField(
                choices=core.network_labels.network_choices,
                max_length=20,
                verbose_name="network",
            ),
        ),
        migrations.RunPython(revisions_forward, revisions_backward),
    ]
