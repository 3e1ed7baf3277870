"""Fill ShareRollup from the existing ShareDaily rows, and each month's number of
people who shared from the shares.

ShareDaily is what the dashboard read until now, so summing its rows per dimension
gives the very figures it showed; people per month are counted as the adoption table
counted them (calendar months in the site's time zone). Later days are kept up to
date by the rollup job.
"""

from django.db import migrations
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

DIMENSIONS = ("network", "story_id", "campaign_id", "department_id", "location_id")


def backfill(apps, schema_editor):
    daily = apps.get_model("advocacy", "ShareDaily")
    rollup = apps.get_model("advocacy", "ShareRollup")
    db = schema_editor.connection.alias
    rollup.objects.using(db).all().delete()
    for dimension in ("total", *DIMENSIONS):
        columns = ("day",) if dimension == "total" else ("day", dimension)
        rows = (
            daily.objects.using(db)
            .values(*columns)
            .annotate(n_shares=Sum("shares"), n_clicks=Sum("clicks"))
            .order_by()
        )
        rollup.objects.using(db).bulk_create(
            (
                rollup(
                    grain="day",
                    dimension=dimension,
                    shares=row.pop("n_shares"),
                    clicks=row.pop("n_clicks"),
                    **row,
                )
                for row in rows.iterator()
            ),
            batch_size=2000,
        )
    months = (
        rollup.objects.using(db)
        .filter(grain="day")
        .annotate(month=TruncMonth("day"))
        .values("month", "dimension", *DIMENSIONS)
        .annotate(n_shares=Sum("shares"), n_clicks=Sum("clicks"))
        .order_by()
    )
    rollup.objects.using(db).bulk_create(
        (
            rollup(
                grain="month",
                day=row.pop("month"),
                shares=row.pop("n_shares"),
                clicks=row.pop("n_clicks"),
                **row,
            )
            for row in list(months)
        ),
        batch_size=2000,
    )
    share = apps.get_model("advocacy", "Share")
    sharers = (
        share.objects.using(db)
        .filter(handed_off_at__isnull=False)
        .annotate(month=TruncMonth("handed_off_at"))
        .values("month")
        .annotate(n=Count("user", distinct=True))
        .order_by()
    )
    for row in sharers:
        month = timezone.localtime(row["month"]).date()
        rollup.objects.using(db).filter(
            grain="month", dimension="total", day=month
        ).update(sharers=row["n"])


class Migration(migrations.Migration):
    dependencies = [("advocacy", "0013_share_rollup")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
