"""Core's periodic job: personal detail pruned beyond its retention, nightly."""

from datetime import timedelta

from core.periodic import PeriodicJob, cron
from core.privacy import retention_prune


def jobs() -> list[PeriodicJob]:
    return [
        cron(
            "prune_personal_data",
            retention_prune,
            min_gap=timedelta(hours=12),
            hour=3,
            minute=30,
        ),
    ]
