"""Engine behaviour: configuration, caching, report shape and the registry."""

import pytest

from advocacy.guidelines.engine import (
    RULES,
    CheckContext,
    RuleConfig,
    RulesetConfig,
    Term,
    check,
    clear_ruleset_cache,
    compile_ruleset,
)


def test_engine_cache_same_version_same_object():
    clear_ruleset_cache()
    first = compile_ruleset(RulesetConfig(version="cache-1"))
    again = compile_ruleset(RulesetConfig(version="cache-1", company_name="ignored"))
    newer = compile_ruleset(RulesetConfig(version="cache-2"))
    assert first is again
    assert newer is not first
    clear_ruleset_cache()
    assert compile_ruleset(RulesetConfig(version="cache-1")) is not first


def test_engine_disabled_rule_produces_no_finding():
    text = "BSN 111222333"
    ruleset = compile_ruleset(
        RulesetConfig(version="off-1", rules={"PII.BSN": RuleConfig(enabled=False)})
    )
    assert check(text).findings
    assert check(text, ruleset=ruleset).findings == ()


def test_engine_disabled_term_rule_skips_its_list():
    ruleset = compile_ruleset(
        RulesetConfig(version="off-2", rules={"Profanity": RuleConfig(enabled=False)})
    )
    assert check("shit", ruleset=ruleset).can_share


def test_engine_severity_override_applies():
    ruleset = compile_ruleset(
        RulesetConfig(
            version="sev-1",
            rules={
                "PII.Phone": RuleConfig(severity="block"),
                "PII.BSN": RuleConfig(severity="info"),
            },
        )
    )
    report = check("Bel 06-12345678 of BSN 111222333", ruleset=ruleset)
    assert {f.rule: f.severity for f in report.findings} == {
        "PII.Phone": "block",
        "PII.BSN": "info",
    }
    assert report.can_share is False
    assert {f.rule: f.suppressible for f in report.findings} == {
        "PII.Phone": False,
        "PII.BSN": True,
    }


def test_engine_maybe_profanity_is_one_step_below_rule_severity():
    ruleset = compile_ruleset(
        RulesetConfig(version="sev-2", rules={"Profanity": RuleConfig(severity="warn")})
    )
    severities = {
        f.match: f.severity for f in check("shit, damn", ruleset=ruleset).findings
    }
    assert severities == {"shit": "warn", "damn": "info"}


def test_engine_message_override_per_locale():
    ruleset = compile_ruleset(
        RulesetConfig(
            version="msg-1",
            rules={
                "PII.Email": RuleConfig(
                    message_nl="Geen adressen: {match}", message_en="No {match}"
                )
            },
        )
    )
    text = "mail a@b.nl"
    nl = check(text, ruleset=ruleset, context=CheckContext(locale="nl")).findings[0]
    en = check(text, ruleset=ruleset, context=CheckContext(locale="en")).findings[0]
    assert (nl.message, en.message) == ("Geen adressen: a@b.nl", "No a@b.nl")


def test_engine_bad_message_template_does_not_crash():
    ruleset = compile_ruleset(
        RulesetConfig(
            version="msg-2", rules={"PII.Email": RuleConfig(message_en="Oops {0} {")}
        )
    )
    assert check("a@b.nl", ruleset=ruleset).findings[0].message == "Oops {0} {"


def test_engine_rejects_unknown_rule_and_severity():
    with pytest.raises(ValueError, match="unknown rule"):
        compile_ruleset(
            RulesetConfig(version="bad-1", rules={"PII.Nope": RuleConfig()})
        )
    with pytest.raises(ValueError, match="bad severity"):
        compile_ruleset(
            RulesetConfig(
                version="bad-2", rules={"PII.BSN": RuleConfig(severity="loud")}
            )
        )


def test_engine_block_findings_are_never_suppressible():
    text = "BSN 111222333, kut, {naam}, Bel 06-12345678, Hi guys!!"
    report = check(text)
    assert {f.severity for f in report.findings} >= {"block", "warn"}
    for finding in report.findings:
        assert finding.suppressible == (finding.severity != "block")


def test_engine_report_sorted_and_as_dict_shape():
    text = "Hi guys!! BSN 111222333 😀 mail a@b.nl"
    report = check(text, network="x", context=CheckContext(locale="nl"))
    # What blocks sharing first, then the warnings in text order.
    assert [(f.severity, f.rule) for f in report.findings] == [
        ("block", "PII.BSN"),
        ("warn", "Inclusive.Language"),
        ("warn", "Tone.Exclamations"),
        ("warn", "PII.Email"),
    ]
    data = report.as_dict()
    assert data["ok"] is False
    assert data["length"] == {"used": report.used, "limit": 280}
    assert data["counts"] == {"block": 1, "warn": 3, "info": 0}
    first = data["findings"][1]
    expected_keys = (
        "rule severity category message explanation_url start end start_utf16 "
        "end_utf16 match suggestion suggestions suppressible"
    )
    assert set(first) >= set(expected_keys.split())
    assert first["suggestions"][0] == {
        "label": "Vervang door “everyone”",
        "replacement": "everyone",
    }
    email = data["findings"][-1]
    assert "suggestion" not in email
    assert email["start_utf16"] == email["start"] + 1  # the emoji is two UTF-16 units


def test_engine_explanation_url_uses_base_and_anchor():
    ruleset = compile_ruleset(
        RulesetConfig(version="url-1", explanation_base_url="https://x.nl/richtlijnen/")
    )
    finding = check("BSN 111222333", ruleset=ruleset).findings[0]
    assert finding.explanation_url == "https://x.nl/richtlijnen/#pii-bsn"
    assert finding.category == "pii"


def test_engine_messages_follow_locale():
    nl = check("BSN 111222333", context=CheckContext(locale="nl")).findings[0].message
    en = (
        check("BSN 111222333", context=CheckContext(locale="en-GB")).findings[0].message
    )
    assert (
        nl
        == "“111222333” lijkt op een burgerservicenummer (BSN). Deel nooit iemands BSN."
    )
    assert en.startswith("“111222333” looks like a Dutch citizen service number")


def test_engine_config_term_overrides_shipped_term():
    ruleset = compile_ruleset(
        RulesetConfig(
            version="term-1", terms=(Term("damn", "profanity", severity="block"),)
        )
    )
    assert check("damn", ruleset=ruleset).findings[0].severity == "block"


def test_engine_clean_post_is_ok():
    report = check("Trots op het team dat vandaag de nieuwe winkel in Utrecht opende.")
    assert report.can_share and report.findings == ()
    assert report.counts == {"block": 0, "warn": 0, "info": 0}


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_registry_every_rule_is_complete(rule_id):
    spec = RULES[rule_id]
    assert spec.severity in ("block", "warn", "info")
    for locale in ("nl", "en"):
        assert spec.message(locale) and spec.explanation(locale) and spec.title(locale)
    assert spec.anchor == rule_id.lower().replace(".", "-")
