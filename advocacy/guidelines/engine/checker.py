"""Check one post against a compiled ruleset (see `ruleset.py`) quickly."""

from __future__ import annotations

from datetime import date

from core import networks

from . import links, pii, tone
from .counting import (
    bytes_over,
    count_for_network,
    overflow_start,
)
from .disclosure import check_disclosure
from .registry import (
    DISCLOSURE_SENTENCE,
    EMPLOYER_FALLBACK,
    UNITS,
)
from .report import build_report
from .ruleset import CompiledRuleset, compile_ruleset
from .scan import Scan
from .types import (
    CheckContext,
    Fix,
    Hit,
    Report,
    RulesetConfig,
)

DEFAULT_CONFIG = RulesetConfig(version="boegbeeld-default")


def check(
    text: str,
    *,
    network: str = networks.DEFAULT,
    ruleset: CompiledRuleset | None = None,
    context: CheckContext | None = None,
) -> Report:
    """Check one post for one network and explain every problem found."""
    rs = ruleset or compile_ruleset(DEFAULT_CONFIG)
    ctx = context or CheckContext()
    locale = "nl" if ctx.locale.lower().startswith("nl") else "en"
    config, on = rs.config, rs.enabled
    used, limit = count_for_network(
        text,
        network,
        appended_url=ctx.appended_url,
        mastodon_limit=ctx.mastodon_limit,
        mastodon_url_length=ctx.mastodon_url_length,
    )
    hits: list[Hit] = []
    if "Limit.Length" in on:
        hits += _length_hits(text, network, used, limit, ctx, locale)
    urls = links.find_urls(text)
    hashtags = links.find_hashtags(text)
    mentions = [m.span() for m in links.find_mentions(text)]
    if "Limit.Hashtags" in on:
        cap = config.hashtag_limit
        if cap is None:
            cap = config.instagram_hashtag_cap if network == "instagram" else None
            cap = networks.get(network).hashtag_cap if cap is None else cap
        hits += _cap_hits("Limit.Hashtags", hashtags, cap)
    if "Limit.Mentions" in on:
        cap = config.mention_limit
        cap = networks.get(network).mention_cap if cap is None else cap
        hits += _cap_hits("Limit.Mentions", mentions, cap)
    if "Limit.Links" in on:
        hits += _cap_hits("Limit.Links", urls, config.link_limit)

    scan = Scan(text)
    folded, index = scan.fold
    term_hits = rs.matcher.match(text, folded, index, scan.raw)
    if "Profanity" in on:
        term_hits += rs.matcher.obfuscated(text, scan)
    if term_hits:
        today = ctx.today or date.today()
        quiet = [p for p in config.quiet_periods if p.contains(today)]
        label = ", ".join(p.label for p in quiet if p.label)
        for hit in term_hits:
            if hit.rule == "Financial.QuietPeriod":
                if not quiet:
                    continue
                hit = hit._replace(params={**hit.params, "label": label or "—"})
            hits.append(hit)
    if rs.pii_rules:
        hits += pii.find_pii(text, rs.pii_rules, scan)
    excluded = sorted(urls + hashtags + mentions)
    if "Tone.Shouting" in on:
        hits += tone.shouting(text, excluded, scan)
    if "Tone.Exclamations" in on:
        hits += tone.exclamations(text)
    if ctx.promotional and on & {"Disclosure.Missing", "Disclosure.Weak"}:
        company = rs.disclosure.company or EMPLOYER_FALLBACK[locale]
        sentence = disclosure_sentence(config, ctx.post_language or locale)
        for hit in check_disclosure(
            text, folded, index, hashtags, rs.disclosure, sentence
        ):
            hits.append(hit._replace(params={**hit.params, "company": company}))
    if "Links.Unapproved" in on and rs.allowed_domains and urls:
        hits += links.unapproved_links(text, urls, rs.allowed_domains)
    if "Template.Leftover" in on:
        hits += links.template_leftovers(text)
    hits = [h for h in hits if h.rule in on]
    return build_report(text, hits, rs, network, used, limit, locale, scan)


def disclosure_sentence(config: RulesetConfig, language: str) -> str:
    """The sentence that says "I work here" in `language`, with the company in it.

    The post's language decides (a fix in another language reads as a mistake);
    a language without a configured sentence gets the company's default one.
    """
    template = (
        config.disclosure_sentences.get(language)
        or DISCLOSURE_SENTENCE.get(language)
        or DISCLOSURE_SENTENCE["en"]
    )
    company = config.company_name.strip() or (
        "[bedrijf]" if language == "nl" else "[company]"
    )
    return template.replace("{company}", company)


def _cap_hits(rule: str, spans: list[tuple[int, int]], cap: int | None) -> list[Hit]:
    if cap is None or len(spans) <= cap:
        return []
    start, end = spans[cap][0], spans[-1][1]
    return [Hit(rule, start, end, {"count": len(spans), "cap": cap})]


def _length_hits(
    text: str, network: str, used: int, limit: int, ctx: CheckContext, locale: str
) -> list[Hit]:
    name = networks.get(network).sentence_name(locale)
    hits: list[Hit] = []
    kw = {
        "appended_url": ctx.appended_url,
        "mastodon_url_length": ctx.mastodon_url_length,
    }
    if used > limit:
        start = overflow_start(text, network, limit, **kw)
        params = {
            "used": used,
            "limit": limit,
            "over": used - limit,
            "unit": UNITS[locale][0],
            "network_name": name,
        }
        hits.append(Hit("Limit.Length", start, len(text), params, _cut()))
    max_bytes = networks.get(network).max_bytes
    if max_bytes is not None and not hits:
        size = bytes_over(text, network, ctx.appended_url)
        if size:
            start = overflow_start(text, network, limit, max_bytes=max_bytes, **kw)
            params = {"used": size, "limit": max_bytes, "variant": "bytes"}
            hits.append(Hit("Limit.Length", start, len(text), params, _cut()))
    return hits


def _cut() -> tuple[Fix, ...]:
    return (Fix("cut", ""),)
