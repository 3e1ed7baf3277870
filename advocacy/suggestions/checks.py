"""The guideline check of a suggestion: only findings that would block it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS

from advocacy.guidelines.checks import guidelines_check
from advocacy.guidelines.engine import Finding
from core import networks
from core.sanitize import plain_text

# Limits on length and counts are about one social post; a suggestion is not one.
IGNORED_RULE_PREFIXES = ("Limit.",)


@dataclass(frozen=True)
class _Part:
    field: str
    start: int
    end: int


def suggestion_blocking_findings(
    *, title: str, text: str, why: str, locale: str | None = None
) -> dict[str, list[str]]:
    """Messages of the `block` findings in the suggestion's words, per form field.

    Title, text and why-it-matters are checked as one post (as a story made from
    it would be), and each finding is reported on the field it sits in.
    """
    pieces = [("title", title), ("text", plain_text(text)), ("why", why)]
    combined = ""
    parts: list[_Part] = []
    for field, value in pieces:
        value = (value or "").strip()
        if not value:
            continue
        if combined:
            combined += "\n\n"
        parts.append(_Part(field, len(combined), len(combined) + len(value)))
        combined += value
    if not combined:
        return {}
    report = guidelines_check(
        text=combined, network=networks.DEFAULT, with_link=False, locale=locale
    )
    errors: dict[str, list[str]] = {}
    for finding in report.findings:
        if not _blocks(finding):
            continue
        field = next(
            (p.field for p in parts if p.start <= finding.start < p.end + 1),
            NON_FIELD_ERRORS,
        )
        messages = errors.setdefault(field, [])
        if finding.message not in messages:
            messages.append(finding.message)
    return errors


def _blocks(finding: Finding) -> bool:
    return finding.severity == "block" and not finding.rule.startswith(
        IGNORED_RULE_PREFIXES
    )
