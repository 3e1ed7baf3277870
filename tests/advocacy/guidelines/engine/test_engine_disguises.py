"""Profanity in disguise: invisible characters, look-alike letters, spaced letters.

The engine matches a folded copy of the post: invisible characters fold away,
Cyrillic/Greek/Armenian look-alikes fold to the Latin letters they imitate, and
letters spelled out with spaces are read as one word. The post itself is never
changed, and offsets still point at what the employee typed.
"""

import pytest

from advocacy.guidelines.engine import CheckContext, RulesetConfig, check
from advocacy.guidelines.engine import compile_ruleset as compile_

RULESET = compile_(RulesetConfig(version="disguises"))
ZWSP, SHY, WJ, BOM, RLM = "\u200b", "\u00ad", "\u2060", "\ufeff", "\u200f"

DISGUISED = {
    "zero-width space": f"wat een k{ZWSP}ut service",
    "zero-width spaces": f"f{ZWSP}u{ZWSP}ck this",
    "soft hyphen": f"wat een k{SHY}ut service",
    "soft hyphen 2": f"fu{SHY}ck this",
    "word joiner": f"k{WJ}ut dag",
    "byte-order mark": f"fu{BOM}ck",
    "right-to-left mark": f"k{RLM}ut dag",
    "zero-width, capitals": f"K{ZWSP}U{ZWSP}T",
    "bidi override": "\u202ekut\u202c dag",
    "Cyrillic s": "ѕhit happens",
    "Cyrillic c": "fuсk this",
    "Cyrillic k": "wat een кut service",
    "Cyrillic o o": "klооtzak",
    "Greek upsilon": "fυck this",
    "Armenian u": "wat een kսt service",
    "spaced letters": "wat een k u t service",
    "spaced letters 2": "f u c k this",
    "dotted letters": "f.u.c.k this",
    "dashed letters": "k-u-t dag",
    "leetspeak": "sh1t happens",
    "asterisk": "f*ck this",
    "repeated letters": "fuuuuck",
    "full-width letters": "ｆｕｃｋ this",
    "combining accent": "ku\u0301t dag",
}


def profanity(text: str) -> list:
    report = check(text, network="linkedin", ruleset=RULESET, context=CheckContext())
    return [f for f in report.findings if f.rule.startswith("Profanity")]


@pytest.mark.parametrize("text", DISGUISED.values(), ids=DISGUISED.keys())
def test_disguised_profanity_is_caught(text):
    findings = profanity(text)
    assert findings
    # The finding points at the disguised word as typed, invisible parts included.
    start, end = findings[0].start, findings[0].end
    assert text[start:end].strip() and len(text[start:end]) >= 3


@pytest.mark.parametrize(
    "text",
    [
        "Привет, как дела? Хорошая работа команды.",  # Russian, no profanity
        "Καλημέρα από την Αθήνα",  # Greek
        "Բարև, շնորհակալություն",  # Armenian
        "Plan a b c d for the kick-off",  # spaced single letters, no word
        "k u n s t en cultuur",  # spaced letters that spell no profanity
        "Team 👩\u200d💻 en 👨\u200d👩\u200d👧 op kantoor",  # joiners in emoji
        "Dit is een ѕuper dag",  # a look-alike in an innocent word
    ],
)
def test_disguise_folding_adds_no_false_positive(text):
    assert profanity(text) == []
