"""Every rule the engine knows, with its default severity and bilingual texts.

The registry is the single source for messages in the editor and for the
public "Our social media guidelines" page, so what employees are told while
typing always matches what the published guidelines say. The texts live in
``data/rules.json`` so the communications team can review and edit the Dutch
and English wording without touching code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .types import DEFAULT_DISCLOSURE_SENTENCES, SEVERITIES

_RULES_FILE = Path(__file__).resolve().parent / "data" / "rules.json"


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """Static description of a rule; companies override parts via RuleConfig."""

    id: str
    severity: str
    title_nl: str
    title_en: str
    message_nl: str
    message_en: str
    explanation_nl: str
    explanation_en: str
    variants: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def category(self) -> str:
        return self.id.split(".", 1)[0].lower()

    @property
    def anchor(self) -> str:
        return self.id.lower().replace(".", "-")

    def message(self, locale: str, variant: str = "") -> str:
        if variant in self.variants:
            nl, en = self.variants[variant]
            return nl if locale == "nl" else en
        return self.message_nl if locale == "nl" else self.message_en

    def explanation(self, locale: str) -> str:
        return self.explanation_nl if locale == "nl" else self.explanation_en

    def title(self, locale: str) -> str:
        return self.title_nl if locale == "nl" else self.title_en


def _load_rules() -> dict[str, RuleSpec]:
    raw = json.loads(_RULES_FILE.read_text(encoding="utf-8"))
    rules: dict[str, RuleSpec] = {}
    for rule_id, d in raw.items():
        if d["severity"] not in SEVERITIES:
            raise ValueError(f"{rule_id}: bad default severity {d['severity']!r}")
        rules[rule_id] = RuleSpec(
            rule_id,
            d["severity"],
            d["title"]["nl"],
            d["title"]["en"],
            d["message"]["nl"],
            d["message"]["en"],
            d["explanation"]["nl"],
            d["explanation"]["en"],
            {k: (v["nl"], v["en"]) for k, v in d.get("variants", {}).items()},
        )
    return rules


RULES: dict[str, RuleSpec] = _load_rules()

UNITS = {"nl": ("tekens", "bytes"), "en": ("characters", "bytes")}

FIX_LABELS: dict[str, tuple[str, str]] = {
    "replace": ("Vervang door “{replacement}”", "Replace with “{replacement}”"),
    "remove": ("Verwijderen", "Remove"),
    "cut": ("Knip de tekst af die niet past", "Cut the text that doesn't fit"),
    "sentence_case": ("Gewone hoofdletters gebruiken", "Use normal capitalisation"),
    "one_exclamation": ("Eén uitroepteken gebruiken", "Use one exclamation mark"),
    "full_stop": ("Punt gebruiken", "Use a full stop"),
    "add_disclosure": ("Voeg “{text}” toe", "Add “{text}”"),
}

DISCLOSURE_SENTENCE = DEFAULT_DISCLOSURE_SENTENCES
EMPLOYER_FALLBACK = {"nl": "je werkgever", "en": "your employer"}
