"""Advocacy's periodic jobs: click flush, rollups and salt clean-up, weekly digest,
and telling suggesters their story went live."""

from datetime import timedelta

from advocacy.outreach.services import channel_posts_send_due
from advocacy.sharing.digest import daily_digests_send, digests_send
from advocacy.sharing.tasks import flush_and_rollup, rollup_recent
from advocacy.suggestions.services import suggestion_stories_published_sweep
from core.periodic import PeriodicJob, cron, every


def jobs() -> list[PeriodicJob]:
    return [
        # Stories that went live on schedule: their suggesters hear of it.
        every(
            "suggestions_live_notify",
            suggestion_stories_published_sweep,
            seconds=60,
        ),
        # New stories announced in Teams and Slack (retried with backoff).
        every("send_channel_messages", channel_posts_send_due, seconds=60),
        # Redis click buffer → database, rollups and click points.
        every("flush_clicks", flush_and_rollup, seconds=5 * 60),
        # Today and yesterday rebuilt; salts and visitor hashes of past days deleted.
        cron(
            "rollup_analytics", rollup_recent, min_gap=timedelta(minutes=30), minute=15
        ),
        # Whoever chose a daily e-mail about new stories (only when there are some).
        cron(
            "send_daily_digests",
            daily_digests_send,
            min_gap=timedelta(hours=12),
            hour=8,
            minute=5,
        ),
        # Each user gets it at most once a week, whichever worker sends it.
        cron(
            "send_weekly_digests",
            digests_send,
            min_gap=timedelta(days=1),
            day_of_week="mon",
            hour=8,
            minute=0,
        ),
    ]
