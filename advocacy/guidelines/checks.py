"""Checking a post against the company's guidelines, and dismissing warnings.

The browser's live check is advisory; every write (a share, a suggestion) calls
`guidelines_check` again on the server and trusts only that result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import User
from advocacy.guidelines.engine import CheckContext, Report, check
from advocacy.guidelines.models import GuidelineDismissal
from advocacy.guidelines.rulesets import current_ruleset
from core import networks

MAX_TEXT_LENGTH = 100_000
# A dismissal's reason, without the spaces around it, is at least three
# characters long (also the API schema's pattern for it).
DISMISSAL_REASON_PATTERN = r"\S[\s\S]+\S"
# Tracked links look like <site>/s/<8 characters>; the check counts one in.
TRACKED_LINK_CODE_LENGTH = 8


def tracked_link_placeholder() -> str:
    return (
        f"{settings.BOEGBEELD_SITE_URL.rstrip('/')}/s/{'x' * TRACKED_LINK_CODE_LENGTH}"
    )


def ui_locale(locale: str | None = None) -> str:
    """The engine speaks nl and en; everything else falls back to English."""
    code = (locale or get_language() or "en")[:2].lower()
    return code if code in {"nl", "en"} else "en"


def guidelines_check(
    *,
    text: str,
    network: str = networks.DEFAULT,
    promotional: bool = False,
    with_link: bool = True,
    locale: str | None = None,
    mastodon_instance_limit: int | None = None,
) -> Report:
    """Check `text` for `network` against the guidelines as they are right now."""
    if network not in networks.BY_CODE:
        raise ValidationError({"network": _("Unknown network.")})
    context = CheckContext(
        locale=ui_locale(locale),
        promotional=promotional,
        appended_url=tracked_link_placeholder() if with_link else None,
        mastodon_limit=mastodon_instance_limit or 500,
    )
    return check(text, network=network, ruleset=current_ruleset(), context=context)


class DismissalConflict(ValidationError):
    """The finding to dismiss is not in the text (now), or may not be dismissed."""


@dataclass(frozen=True)
class DismissalRequest:
    rule: str
    start: int
    end: int
    reason: str


@transaction.atomic
def guideline_dismissal_create(
    *,
    user: User,
    text: str,
    network: str,
    request: DismissalRequest,
    promotional: bool = False,
) -> GuidelineDismissal:
    """Record that `user` ignores one warning, after proving it may be ignored.

    The text is checked again here: only a finding that exists at that place and is
    suppressible (never a `block`) can be dismissed.
    """
    reason = request.reason.strip()
    if not re.search(DISMISSAL_REASON_PATTERN, reason):
        raise ValidationError({"reason": _("Say briefly why this is fine.")})
    report = guidelines_check(text=text, network=network, promotional=promotional)
    finding = next(
        (
            f
            for f in report.findings
            if f.rule == request.rule
            and f.start == request.start
            and f.end == request.end
        ),
        None,
    )
    if finding is None:
        raise DismissalConflict({"rule": _("There is no such finding in this text.")})
    if not finding.suppressible:
        raise DismissalConflict(
            {"rule": _("This problem blocks sharing and cannot be dismissed.")}
        )
    dismissal = GuidelineDismissal(
        user=user,
        rule=finding.rule,
        match=finding.match[:200],
        reason=reason[:500],
        network=network,
    )
    dismissal.full_clean()
    dismissal.save()
    return dismissal
