"""Customer feedback on the screens: the customers' names are not kept for ever."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from core.privacy import Retention, kept_for
from realtime.models import Feedback


def _authors_prune(cutoff: datetime) -> int:
    return (
        Feedback.objects.filter(received_at__lt=cutoff)
        .exclude(author="")
        .update(author="")
    )


def _feedback_rule() -> str:
    return _(
        "Customer feedback shown on the screens carries the customer's first name "
        "at most; names are removed after: %(kept)s"
    ) % {"kept": kept_for("feedback_author_days")}


RETENTION = [
    Retention(
        setting="feedback_author_days",
        label=_("Names of customers who gave feedback"),
        prune=_authors_prune,
    )
]

STATEMENTS = [_feedback_rule]
