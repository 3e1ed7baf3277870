"""Rollups the dashboard reads: shares and clicks per day and per month, per value
of one dimension at a time.

`ShareDaily` holds every combination of dimensions per day, which is nearly one row
per share at scale; the dashboard only ever groups by one dimension, so these rows
hold one dimension each (`dimension` says which, its column holds the value, the
other columns stay empty) and a period of two years reads about two thousand month
rows plus the day rows of the partial months at its edges.

Built by `analytics.rollup_day` from the same cells as `ShareDaily`; a month's rows
are rebuilt from its day rows whenever one of its days is.
"""

from django.db import models

# The `dimension` of the rows that hold all shares and clicks of their day or month.
TOTAL = "total"


class ShareRollup(models.Model):
    class Grain(models.TextChoices):
        DAY = "day", "day"
        MONTH = "month", "month"

    grain = models.CharField(max_length=5, choices=Grain.choices)
    # The day, or the first day of the month.
    day = models.DateField()
    # "total" (no dimension), or one of analytics.DIMENSIONS.
    dimension = models.CharField(max_length=16)
    network = models.CharField(max_length=20, blank=True)
    story = models.ForeignKey(
        "cms.StoryPage", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    campaign = models.ForeignKey(
        "cms.Campaign", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    location = models.ForeignKey(
        "accounts.Location", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    shares = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)
    # People who shared in the month: on the month's `total` row only (people are
    # counted once per period, so these never add up across months or groups).
    sharers = models.PositiveIntegerField(default=0)

    class Meta:
        default_permissions = ()
        indexes = [
            models.Index(
                fields=["dimension", "grain", "day"], name="sharerollup_lookup"
            ),
            models.Index(fields=["grain", "day"], name="sharerollup_day"),
        ]

    def __str__(self) -> str:
        return f"{self.grain} {self.day} {self.dimension}: {self.shares}/{self.clicks}"
