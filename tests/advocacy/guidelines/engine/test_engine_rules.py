"""Tone, disclosure, links, templates and per-network limits."""

import pytest

from advocacy.guidelines.engine import (
    CheckContext,
    RulesetConfig,
    check,
    compile_ruleset,
)

COOLBLUE = compile_ruleset(
    RulesetConfig(
        version="rules-test-1",
        company_name="Coolblue",
        allowed_link_domains=("coolblue.nl", "coolblue.be"),
    )
)
ALBERT = compile_ruleset(
    RulesetConfig(version="rules-test-ah", company_name="Albert Heijn")
)


def rule_findings(text, rule, ruleset=None, **kwargs):
    network = kwargs.pop("network", "linkedin")
    report = check(
        text, network=network, ruleset=ruleset, context=CheckContext(**kwargs)
    )
    return [f for f in report.findings if f.rule == rule]


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("THIS IS THE BEST DAY EVER AT WORK", "THIS IS THE BEST DAY EVER AT WORK"),
        ("Wow. WE ARE HIRING NOW AT KPN, come!", "WE ARE HIRING NOW AT KPN"),
        ("DIT IS ECHT HEEL GOED NIEUWS #AI", "DIT IS ECHT HEEL GOED NIEUWS #AI"),
    ],
)
def test_tone_shouting_fires(text, match):
    hits = rule_findings(text, "Tone.Shouting")
    assert [f.match for f in hits] == [match]
    assert hits[0].fixes[0].replacement[:3] in ("Thi", "We ", "Dit")


@pytest.mark.parametrize(
    "text",
    [
        "Trots op ons team bij KPN, ING en ABN AMRO vandaag.",
        "Great to meet the CEO and CFO of NASA at the ESA HQ.",
        "#BLACKFRIDAY #CYBERMONDAY #SALE #DEALS are coming",
        "Read https://EXAMPLE.COM/ABCDEFGHIJKLMNOP today",
        "Short CAPS OK",
    ],
)
def test_tone_shouting_ignores_acronyms_hashtags_and_links(text):
    assert rule_findings(text, "Tone.Shouting") == []


def test_tone_shouting_suggestion_keeps_hashtags():
    (finding,) = rule_findings(
        "GEWELDIG NIEUWS VANDAAG VOOR IEDEREEN #TeamBlue", "Tone.Shouting"
    )
    assert (
        finding.fixes[0].replacement
        == "Geweldig nieuws vandaag voor iedereen #TeamBlue"
    )


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("Geweldig!!", ["!!"]),
        ("Wow!!! Echt!", ["!!!"]),
        ("Een! Twee! Drie! Vier!", ["!"]),
        ("Een! Twee! Drie!", []),
        ("Gewoon een zin.", []),
    ],
)
def test_tone_exclamations(text, matches):
    hits = rule_findings(text, "Tone.Exclamations")
    assert [f.match for f in hits] == matches
    if hits:
        assert hits[0].fixes[0].replacement in ("!", ".")


@pytest.mark.parametrize(
    ("text", "locale", "rule", "snippet"),
    [
        (
            "Kom werken bij ons team!",
            "nl",
            "Disclosure.Missing",
            "Ik werk bij Coolblue.",
        ),
        ("Join our team!", "en", "Disclosure.Missing", "I work at Coolblue."),
        ("Nieuwe vacatures! #spon", "nl", "Disclosure.Weak", "Ik werk bij Coolblue."),
        ("New jobs #ee", "en", "Disclosure.Weak", "I work at Coolblue."),
        (
            "Nieuwe vacatures.\n\n#jobs #retail #sales #Coolbluemedewerker",
            "nl",
            "Disclosure.Weak",
            "Ik werk bij Coolblue.",
        ),
    ],
)
def test_disclosure_missing_and_weak(text, locale, rule, snippet):
    report = check(
        text, ruleset=COOLBLUE, context=CheckContext(locale=locale, promotional=True)
    )
    hits = [f for f in report.findings if f.rule.startswith("Disclosure")]
    assert [f.rule for f in hits] == [rule]
    assert snippet in hits[0].fixes[0].replacement
    assert snippet in hits[0].message
    assert hits[0].severity == ("block" if rule == "Disclosure.Missing" else "warn")


@pytest.mark.parametrize(
    ("text", "ruleset"),
    [
        ("Ik werk bij Coolblue en we zoeken collega's!", COOLBLUE),
        ("Ik werk bij CoolBlue.", COOLBLUE),
        ("I work at COOLBLUE and love it", COOLBLUE),
        ("Vacatures! #CoolblueMedewerker #jobs", COOLBLUE),
        ("Proud to work at Coolblue", COOLBLUE),
        ("Ik werk bij Albert Heijn", ALBERT),
        ("Nieuws #AlbertHeijnMedewerker", ALBERT),
        ("Ik werk bij Albért Héijn", ALBERT),
    ],
)
def test_disclosure_ok(text, ruleset):
    report = check(text, ruleset=ruleset, context=CheckContext(promotional=True))
    assert not [f for f in report.findings if f.rule.startswith("Disclosure")]


def test_disclosure_not_required_when_not_promotional():
    assert not rule_findings("Kom werken bij ons!", "Disclosure.Missing", COOLBLUE)


def test_disclosure_without_company_uses_placeholder():
    (hit,) = rule_findings("Join us", "Disclosure.Missing", promotional=True)
    assert hit.fixes[0].replacement.endswith("I work at [company].")
    assert "your employer" in hit.message


@pytest.mark.parametrize(
    ("text", "hosts"),
    [
        ("Lees https://www.coolblue.nl/vacatures en coolblue.be", []),
        ("Zie https://evil.example.com/x?a=1.", ["https://evil.example.com/x?a=1"]),
        ("Kijk op notcoolblue.nl of bit.ly/abc", ["notcoolblue.nl", "bit.ly/abc"]),
        ("Mail jan@coolblue.nl", []),
    ],
)
def test_links_unapproved(text, hosts):
    assert [f.match for f in rule_findings(text, "Links.Unapproved", COOLBLUE)] == hosts


def test_links_silent_without_allowed_list():
    assert rule_findings("https://example.com", "Links.Unapproved") == []


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("Hoi {name}, welkom!", ["{name}"]),
        ("Groeten van [naam] uit [...]", ["[naam]", "[...]"]),
        ("[INSERT quote here] zei de CEO", ["[INSERT quote here]"]),
        ("Meer op <<link>>", ["<<link>>"]),
        ("Bel XXX voor info", ["XXX"]),
        ("Liefs, xxx", []),
        ("Zie [1] en [UPDATE] en [tekst](https://x.nl)", []),
    ],
)
def test_template_leftover(text, matches):
    hits = rule_findings(text, "Template.Leftover")
    assert [f.match for f in hits] == matches
    assert all(f.severity == "block" for f in hits)


def test_limit_length_blocks_and_spans_the_overflow():
    text = "a" * 290
    (hit,) = rule_findings(text, "Limit.Length", network="x")
    assert (hit.start, hit.end, hit.severity) == (280, 290, "block")
    assert "290" in hit.message and "280" in hit.message


def test_limit_length_counts_appended_url():
    text = "a" * 270
    assert not rule_findings(text, "Limit.Length", network="x")
    (hit,) = rule_findings(
        text, "Limit.Length", network="x", appended_url="https://b.nl/abc"
    )
    assert hit.start == 256  # 256 + 1 + 23 = 280


def test_limit_length_never_splits_an_emoji():
    text = "a" * 279 + "👍🏽"
    (hit,) = rule_findings(text, "Limit.Length", network="x")
    assert hit.match == "👍🏽"


def test_limit_bluesky_byte_limit():
    text = "€" * 299  # 299 graphemes but 897 bytes: fine
    assert not rule_findings(text, "Limit.Length", network="bluesky")
    heavy = "👨‍👩‍👧‍👦" * 121  # 121 graphemes but 3,025 bytes
    (hit,) = rule_findings(heavy, "Limit.Length", network="bluesky")
    assert "bytes" in hit.message
    assert len(heavy[: hit.start].encode()) <= 3000


def test_limit_hashtags_instagram_cap_and_config():
    tags = " ".join(f"#tag{i}" for i in range(31))
    (hit,) = rule_findings(tags, "Limit.Hashtags", network="instagram")
    assert hit.match == "#tag30" and hit.severity == "warn"
    assert not rule_findings(tags, "Limit.Hashtags", network="linkedin")
    capped = compile_ruleset(RulesetConfig(version="cap-3", hashtag_limit=3))
    (hit,) = rule_findings("#a #b #c #d #e", "Limit.Hashtags", capped)
    assert hit.match == "#d #e"


def test_limit_mentions_and_links_caps():
    ruleset = compile_ruleset(
        RulesetConfig(version="cap-links", link_limit=1, mention_limit=2)
    )
    text = "@a @b @c zie https://a.nl en https://b.nl"
    assert [f.rule for f in check(text, ruleset=ruleset).findings] == [
        "Limit.Mentions",
        "Limit.Links",
    ]
