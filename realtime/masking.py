"""Customer text made fit for a wall: plain text, personal data masked.

Screens show feedback to everyone walking past, so phone numbers, email addresses,
IBANs and BSNs are replaced before anything is stored. The guideline engine finds
them (and profanity, for the auto-approve rule); a few conservative patterns stand
in when the engine is not installed, so nothing personal ever reaches a screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.sanitize import plain_text

MASK = "•••"
PII_RULES = frozenset(
    {"PII.Email", "PII.Phone", "PII.IBAN", "PII.BSN", "PII.CreditCard"}
)

_FALLBACK_PATTERNS = (
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b"),
    re.compile(r"(?<!\w)(?:\+|00)?\d[\d ()-]{7,}\d(?!\w)"),
)


@dataclass(frozen=True)
class CleanText:
    text: str
    profanity: bool


@lru_cache(maxsize=1)
def _engine():
    try:
        from advocacy.guidelines.engine import (
            CheckContext,
            RulesetConfig,
            check,
            compile_ruleset,
        )
    except ImportError:
        return None
    ruleset = compile_ruleset(RulesetConfig(version="feedback"))
    return check, ruleset, CheckContext(locale="nl")


def _spans(text: str) -> tuple[list[tuple[int, int]], bool]:
    engine = _engine()
    if engine is None:
        spans = [m.span() for p in _FALLBACK_PATTERNS for m in p.finditer(text)]
        return spans, False
    check, ruleset, context = engine
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
