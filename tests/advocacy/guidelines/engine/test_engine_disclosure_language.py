"""Disclosure in two languages: recognised in either, offered in the post's."""

import pytest

from advocacy.guidelines.engine import (
    CheckContext,
    RulesetConfig,
    check,
    compile_ruleset,
)

ACME = compile_ruleset(
    RulesetConfig(version="disclosure-language", company_name="Acme")
)


def disclosure(text, **context):
    report = check(
        text, ruleset=ACME, context=CheckContext(promotional=True, **context)
    )
    return [f for f in report.findings if f.rule.startswith("Disclosure")]


def test_fix_is_in_the_posts_language_and_the_message_in_the_interfaces():
    (finding,) = disclosure("Great launch today.", locale="nl", post_language="en")
    assert finding.fixes[0].replacement == "\n\nI work at Acme."
    assert finding.fixes[0].label == "Voeg “I work at Acme.” toe"
    assert finding.message.startswith("Dit bericht promoot Acme")


def test_without_a_post_language_the_interfaces_is_used():
    (finding,) = disclosure("Mooie lancering.", locale="nl")
    assert finding.fixes[0].replacement == "\n\nIk werk bij Acme."


def test_sentence_per_language_comes_from_the_config():
    ruleset = compile_ruleset(
        RulesetConfig(
            version="disclosure-sentences",
            company_name="Acme",
            disclosure_sentences={"nl": "Ik ben collega bij {company}."},
        )
    )
    report = check(
        "Mooie dag.",
        ruleset=ruleset,
        context=CheckContext(promotional=True, post_language="nl"),
    )
    assert report.findings[0].fixes[0].replacement.endswith("Ik ben collega bij Acme.")


@pytest.mark.parametrize(
    "text",
    [
        "Great launch today. Ik werk bij Acme.",
        "Mooie lancering vandaag. I work for Acme.",
        "Great launch (werknemer)",
        "Mooie lancering #employee",
        "Launch day! #Medewerker",
    ],
)
def test_a_disclosure_in_either_language_passes(text):
    assert disclosure(text, post_language="en") == []


@pytest.mark.parametrize(
    "text",
    ["We zoeken een medewerker.", "Every employee got one.", "#medewerkers gezocht"],
)
def test_a_marked_pattern_is_not_a_bare_word(text):
    assert [f.rule for f in disclosure(text)] == ["Disclosure.Missing"]
