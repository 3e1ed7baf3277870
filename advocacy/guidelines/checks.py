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
from core.language import guess_language

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


def post_language(text: str, expected: str | None = None) -> str:
    """The language a post is written in: its own when it clearly reads as one of
    ours (the employee may have rewritten the story's text in another), else the
    one expected (the story's), else the company's. Never the interface's: a
    Dutch-speaking employee may well post in English."""
    guessed = guess_language(text)
    if guessed:
        return guessed
    if expected in DISCLOSURE_LANGUAGES:
        return expected
    return settings.BOEGBEELD_DEFAULT_LANGUAGE


# The languages the disclosure sentence is kept in (the guideline settings).
DISCLOSURE_LANGUAGES = ("nl", "en")
DISCLOSURE_RULES = ("Disclosure.Missing", "Disclosure.Weak")


def guidelines_check(
    *,
    text: str,
    network: str = networks.DEFAULT,
    promotional: bool = False,
    with_link: bool = True,
    locale: str | None = None,
    language: str | None = None,
    mastodon_instance_limit: int | None = None,
) -> Report:
    """Check `text` for `network` against the guidelines as they are right now.

    `locale` is the interface's language (of the messages), `language` the one
    the post is expected in (the story's); see `post_language`.
    """
    if network not in networks.BY_CODE:
        raise ValidationError({"network": _("Unknown network.")})
    context = CheckContext(
        locale=ui_locale(locale),
        promotional=promotional,
        post_language=post_language(text, language) if promotional else None,
        appended_url=tracked_link_placeholder() if with_link else None,
        mastodon_limit=mastodon_instance_limit or 500,
    )
    return check(text, network=network, ruleset=current_ruleset(), context=context)


def text_with_disclosure(
    *, text: str, network: str, language: str | None = None
) -> str:
    """`text` as the guidelines want it when the post must say "I work here".

    When the text has no (or a weak) disclosure, the fix the check offers is
    applied, in the post's language; when that makes it too long for `network`,
    the words before the disclosure are cut (ending in "…") so the disclosure,
    and whatever follows it, stays whole.
    """
    report = guidelines_check(
        text=text, network=network, promotional=True, language=language
    )
    finding = next(
        (f for f in report.findings if f.rule in DISCLOSURE_RULES and f.fixes), None
    )
    if finding is None:
        return text
    head = text[: finding.start]
    tail = finding.fixes[0].replacement + text[finding.end :]
    if _fits(head + tail, network):
        return head + tail
    if not head.strip():
        return tail.strip()
    tail = tail if tail[:1].isspace() else f" {tail}"
    words = [i for i, ch in enumerate(head) if ch.isspace()]
    # The longest cut at a word boundary that fits; a check per step of the search.
    low, high, best = 0, len(words) - 1, tail.strip()
    while low <= high:
        middle = (low + high) // 2
        candidate = head[: words[middle]].rstrip(" ,;:-–—") + "…" + tail
        if _fits(candidate, network):
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


def _fits(text: str, network: str) -> bool:
    report = guidelines_check(text=text, network=network)
    return not any(f.rule == "Limit.Length" for f in report.findings)


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
