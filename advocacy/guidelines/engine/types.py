"""Value types shared by the guideline engine.

Everything here is a frozen dataclass so a compiled ruleset can be shared
between threads and requests without defensive copying.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

BLOCK = "block"
WARN = "warn"
INFO = "info"
SEVERITIES = (BLOCK, WARN, INFO)
SEVERITY_ORDER = {BLOCK: 0, WARN: 1, INFO: 2}

TERM_LISTS = (
    "confidential",
    "claims",
    "financial",
    "competitor",
    "profanity",
    "inclusive",
)

# Per language: a post in any of the languages passes with a phrase of any of them.
# A phrase that starts or ends with a mark ("#medewerker", "(werknemer)") is looked
# for as written; other phrases are folded like terms ("ik werk bij Stroomwijs").
DEFAULT_DISCLOSURE_PATTERNS_BY_LANGUAGE: Mapping[str, tuple[str, ...]] = {
    "nl": (
        "ik werk bij {company}",
        "ik werk voor {company}",
        "werkzaam bij {company}",
        "mijn werkgever {company}",
        "#{company}medewerker",
        "#{company}collega",
        "#werkenbij{company}",
        "#medewerker",
        "(werknemer)",
        "(medewerker)",
    ),
    "en": (
        "I work at {company}",
        "I work for {company}",
        "proud to work at {company}",
        "my employer {company}",
        "#{company}employee",
        "#{company}team",
        "#lifeat{company}",
        "#employee",
        "(employee)",
    ),
}
DEFAULT_DISCLOSURE_PATTERNS: tuple[str, ...] = tuple(
    pattern
    for patterns in DEFAULT_DISCLOSURE_PATTERNS_BY_LANGUAGE.values()
    for pattern in patterns
)
# The sentence a one-click fix (and a suggested text) adds, in the post's language.
DEFAULT_DISCLOSURE_SENTENCES: Mapping[str, str] = {
    "nl": "Ik werk bij {company}.",
    "en": "I work at {company}.",
}

DEFAULT_WEAK_DISCLOSURE_TAGS: tuple[str, ...] = ("#spon", "#ee", "#sp", "#partner")


@dataclass(frozen=True, slots=True)
class Term:
    """One entry of a word/phrase list; `list` decides which rule it feeds."""

    text: str
    list: str
    severity: str | None = None
    sureness: str = "sure"
    replacement: str = ""
    note: str = ""
    locale: str = ""


@dataclass(frozen=True, slots=True)
class RuleConfig:
    """Per-rule switches the comms team can change without a deploy."""

    enabled: bool = True
    severity: str | None = None
    message_nl: str | None = None
    message_en: str | None = None


@dataclass(frozen=True, slots=True)
class QuietPeriod:
    """Closed period before results during which financial talk is blocked."""

    start: date
    end: date
    label: str = ""

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class RulesetConfig:
    """Everything a company configures; `version` must change on every edit."""

    version: str
    company_name: str = ""
    rules: Mapping[str, RuleConfig] = field(default_factory=dict)
    terms: Sequence[Term] = ()
    disclosure_patterns: Sequence[str] = DEFAULT_DISCLOSURE_PATTERNS
    disclosure_sentences: Mapping[str, str] = field(
        default_factory=lambda: dict(DEFAULT_DISCLOSURE_SENTENCES)
    )
    weak_disclosure_tags: Sequence[str] = DEFAULT_WEAK_DISCLOSURE_TAGS
    allowed_link_domains: Sequence[str] = ()
    quiet_periods: Sequence[QuietPeriod] = ()
    instagram_hashtag_cap: int = 30
    hashtag_limit: int | None = None
    mention_limit: int | None = None
    link_limit: int | None = None
    explanation_base_url: str = "/guidelines/"


@dataclass(frozen=True, slots=True)
class CheckContext:
    """Facts about this particular share that rules depend on."""

    locale: str = "en"
    today: date | None = None
    promotional: bool = False
    # The language the post is written in (not the interface's): a disclosure the
    # engine offers to add is in this language. None: the interface's.
    post_language: str | None = None
    appended_url: str | None = None
    mastodon_limit: int = 500
    mastodon_url_length: int = 23


@dataclass(frozen=True, slots=True)
class Fix:
    """A concrete fix: replace the finding's span with `replacement`."""

    label: str
    replacement: str

    def as_dict(self) -> dict[str, str]:
        return {"label": self.label, "replacement": self.replacement}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in the post, with offsets the editor can highlight."""

    rule: str
    severity: str
    category: str
    message: str
    explanation_url: str
    start: int
    end: int
    start_utf16: int
    end_utf16: int
    match: str
    fixes: tuple[Fix, ...] = ()
    suppressible: bool = False

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "category": self.category,
            "message": self.message,
            "explanation_url": self.explanation_url,
            "start": self.start,
            "end": self.end,
            "start_utf16": self.start_utf16,
            "end_utf16": self.end_utf16,
            "match": self.match,
            "suggestions": [s.as_dict() for s in self.fixes],
            "suppressible": self.suppressible,
        }
        if self.fixes:
            data["suggestion"] = self.fixes[0].replacement
        return data


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of one check; `can_share` is False when anything blocks."""

    findings: tuple[Finding, ...]
    network: str
    used: int
    limit: int

    @property
    def can_share(self) -> bool:
        return not any(f.severity == BLOCK for f in self.findings)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.can_share,
            "network": self.network,
            "findings": [f.as_dict() for f in self.findings],
            "length": {"used": self.used, "limit": self.limit},
            "counts": self.counts,
        }


class Hit(NamedTuple):
    """Raw rule output before the engine applies config, messages and offsets."""

    rule: str
    start: int
    end: int
    params: Mapping[str, object] = {}
    fixes: tuple[Fix, ...] = ()
    severity: str | None = None
    note: str = ""
    downgrade: bool = False
