"""Turn raw rule hits into the findings the editor shows.

This is where company configuration meets the registry: disabled rules were
already skipped, and here severities are overridden, messages are picked in
the employee's language, offsets are converted for JavaScript editors, and
duplicate or nested hits of the same rule are merged so one problem is
reported once.
"""

from __future__ import annotations

from bisect import bisect_left

from .registry import FIX_LABELS, RULES
from .ruleset import CompiledRuleset
from .scan import Scan
from .types import BLOCK, INFO, SEVERITY_ORDER, WARN, Finding, Fix, Hit, Report

_DOWNGRADE = {BLOCK: WARN, WARN: INFO, INFO: INFO}


class _Params(dict):
    """Format mapping that leaves unknown placeholders empty instead of failing."""

    def __missing__(self, key: str) -> str:
        return ""


def _format(template: str, params: _Params) -> str:
    try:
        return template.format_map(params)
    except (ValueError, IndexError, AttributeError):
        return template


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """Drop exact duplicates and hits nested inside a longer hit of the same rule."""
    hits = sorted(hits, key=lambda h: (h.rule, h.start, -h.end))
    kept: list[Hit] = []
    for hit in hits:
        if (
            kept
            and kept[-1].rule == hit.rule
            and (kept[-1].start <= hit.start and hit.end <= kept[-1].end)
        ):
            if hit.end > hit.start or kept[-1].start == kept[-1].end:
                continue
        kept.append(hit)
    return kept


def _label(key: str, locale: str, replacement: str) -> str:
    pair = FIX_LABELS.get(key)
    if pair is None:
        return key
    template = pair[0] if locale == "nl" else pair[1]
    return template.format(replacement=replacement, text=replacement.strip())


def build_report(
    text: str,
    hits: list[Hit],
    rs: CompiledRuleset,
    network: str,
    used: int,
    limit: int,
    locale: str,
    scan: Scan,
) -> Report:
    """Resolve severity, message and offsets for every hit; sort the result:
    blocking findings first, then warnings, then tips, each in text order."""
    base_url = rs.config.explanation_base_url
    findings: list[Finding] = []
    # Offsets of characters that take two UTF-16 units (emoji), for JS offsets.
    astral: list[int] = []
    if hits and not scan.ascii:
        astral = [i for i in scan.positions(b"?") if text[i] > "\uffff"]
    for hit in _dedupe(hits):
        spec = RULES[hit.rule]
        rule_config = rs.rules[hit.rule]
        severity = hit.severity or rule_config.severity or spec.severity
        if hit.downgrade and not hit.severity:
            severity = _DOWNGRADE[severity]
        match = text[hit.start : hit.end]
        params = _Params(hit.params)
        params.setdefault("match", match)
        override = rule_config.message_nl if locale == "nl" else rule_config.message_en
        template = override or spec.message(locale, str(params.get("variant", "")))
        message = _format(template, params)
        if hit.note:
            message = f"{message} {hit.note}"
        fixes = tuple(
            Fix(_label(s.label, locale, s.replacement), s.replacement)
            for s in hit.fixes
        )
        findings.append(
            Finding(
                rule=hit.rule,
                severity=severity,
                category=spec.category,
                message=message,
                explanation_url=f"{base_url}#{spec.anchor}",
                start=hit.start,
                end=hit.end,
                start_utf16=hit.start + bisect_left(astral, hit.start),
                end_utf16=hit.end + bisect_left(astral, hit.end),
                match=match,
                fixes=fixes,
                suppressible=severity != BLOCK,
            )
        )
    # What blocks sharing comes first: it is what the employee must act on.
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.start, f.end, f.rule))
    return Report(tuple(findings), network, used, limit)
