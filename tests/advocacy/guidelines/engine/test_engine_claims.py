"""Claims and superlatives (data/claims*.tsv): flagged, and their near misses not."""

import pytest

from advocacy.guidelines.engine import (
    RuleConfig,
    RulesetConfig,
    Term,
    check,
    compile_ruleset,
)
from advocacy.guidelines.engine.claims import claim_marks
from advocacy.guidelines.engine.terms import default_terms

RULESET = compile_ruleset(
    RulesetConfig(
        version="claims-test-1",
        terms=(Term("Bol.com", "competitor"), Term("MediaMarkt", "competitor")),
    )
)


def claims(text: str) -> list[tuple[str, str]]:
    report = check(text, ruleset=RULESET)
    return [
        (f.match, f.severity) for f in report.findings if f.rule == "Claims.Forbidden"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wij zijn de beste in Nederland", [("de beste", "warn")]),
        ("De allerbeste service", [("De allerbeste", "warn")]),
        ("Allerbeste koffie van de stad", [("Allerbeste", "info")]),
        ("Wij zijn nummer 1 in service", [("nummer 1", "warn")]),
        ("Nummer één in klanttevredenheid", [("Nummer één", "warn")]),
        ("Het goedkoopste abonnement", [("goedkoopste", "warn")]),
        ("Bij ons altijd de laagste prijs!", [("altijd de laagste prijs", "warn")]),
        ("Altijd  de laagste\nprijs", [("Altijd  de laagste\nprijs", "warn")]),
        ("We are the best in town", [("the best", "info")]),
        ("The very best coffee", [("The very best", "warn")]),
        ("We're number one for service", [("number one", "warn")]),
        ("Our cheapest plan yet", [("cheapest", "warn")]),
        ("Always the lowest price.", [("Always the lowest price", "warn")]),
        ("Best-in-class support", [("Best-in-class", "warn")]),
    ],
)
def test_claims_superlatives_are_flagged(text, expected):
    assert claims(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wij zijn goedkoper dan Bol.com", "goedkoper dan Bol.com"),
        ("Veel beter dan MediaMarkt!", "beter dan MediaMarkt"),
        ("Bol.com is duurder", "Bol.com is duurder"),
        ("cheaper than MediaMarkt", "cheaper than MediaMarkt"),
        ("Better service than Bol.com", "Better service than Bol.com"),
    ],
)
def test_claims_comparative_next_to_a_competitor(text, expected):
    assert claims(text) == [(expected, "warn")]


@pytest.mark.parametrize(
    "text",
    [
        "De beste wensen voor 2026!",
        "Met de beste groeten, Anna",
        "Beste wensen en tot snel",
        "Ik was vandaag niet op z'n best",
        "Op zijn best een gok",
        "Ze deed haar best",
        "Het allerbeste gewenst!",
        "Beste collega's, welkom",
        "Dat staat op pagina nummer 12",
        "De beste stuurlui staan aan wal",
        "Beter dan gisteren",
        "Goedkoper dan ooit",
        "Bol.com heeft een nieuw logo. Beter dan het oude",
        "We deden het beter, zei iemand van Bol.com",
        "All the best, Anna",
        "To the best of my knowledge it ships Monday",
        "Best wishes from the team",
        "Number 10 on the list",
        "Better than last year",
    ],
)
def test_claims_near_misses_are_not_flagged(text):
    assert claims(text) == []


def test_claims_lists_are_data_with_sureness():
    marks = claim_marks()
    assert marks["goedkoper"] == "comparative"
    assert marks["de beste wensen"] == "not_a_claim"
    by_text = {t.text: t for t in default_terms() if t.list == "claims"}
    assert by_text["de beste"].sureness == "sure"
    assert by_text["allerbeste"].sureness == "maybe"


def test_claims_rule_off_turns_off_comparatives_too():
    ruleset = compile_ruleset(
        RulesetConfig(
            version="claims-test-off",
            terms=(Term("Bol.com", "competitor"),),
            rules={"Claims.Forbidden": RuleConfig(enabled=False)},
        )
    )
    report = check("goedkoper dan Bol.com, de beste", ruleset=ruleset)
    assert [f.rule for f in report.findings] == ["Competitor.Mention"]
