"""Customer text made fit for a wall: plain text, personal data masked.

Screens show feedback to everyone walking past, so phone numbers, email addresses,
IBANs and BSNs are replaced before anything is stored. The guideline engine finds
them (and profanity, for the auto-approve rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from core.sanitize import plain_text

MASK = "•••"
PII_RULES = frozenset(
    {"PII.Email", "PII.Phone", "PII.IBAN", "PII.BSN", "PII.CreditCard"}
)


@dataclass(frozen=True)
class CleanText:
    text: str
    profanity: bool


@lru_cache(maxsize=1)
def _engine():
    from advocacy.guidelines.engine import (
        CheckContext,
        RulesetConfig,
        check,
        compile_ruleset,
    )

    ruleset = compile_ruleset(RulesetConfig(version="feedback"))
    return check, ruleset, CheckContext(locale="nl")


def _spans(text: str) -> tuple[list[tuple[int, int]], bool]:
    check, ruleset, context = _engine()
    report = check(text, network="email", ruleset=ruleset, context=context)
    spans, profanity = [], False
    for finding in report.findings:
        if finding.rule in PII_RULES:
            spans.append((finding.start, finding.end))
        elif finding.rule.split(".", 1)[0] == "Profanity":
            profanity = True
    return spans, profanity


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out.append(text[pos:start])
        out.append(MASK)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def clean_feedback_text(raw: str) -> CleanText:
    text = plain_text(raw)
    spans, profanity = _spans(text)
    return CleanText(text=_mask(text, spans), profanity=profanity)


def display_author(raw: str) -> str:
    """'Anna de Vries' → 'Anna V.'; customers are never shown by full name."""
    parts = plain_text(raw).split()
    if not parts:
        return ""
    first = parts[0][:30]
    if len(parts) == 1:
        return first
    return f"{first} {parts[-1][0].upper()}."
