"""Compile a company's ruleset once, then check posts against it quickly.

`compile_ruleset` does all the expensive work (folding thousands of terms,
building the Aho-Corasick automaton, preparing disclosure phrases) and caches
the result per `RulesetConfig.version`, so checks while the employee types
only pay for scanning the text.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date

from core import networks

from . import links, pii, tone
from .counting import (
    bytes_over,
    count_for_network,
    overflow_start,
)
from .disclosure import build_disclosure, check_disclosure
from .registry import (
    DISCLOSURE_SENTENCE,
    EMPLOYER_FALLBACK,
    RULES,
    UNITS,
)
from .report import build_report
from .scan import Scan
from .terms import LIST_RULES, TermMatcher, default_terms
from .types import (
    SEVERITIES,
    CheckContext,
    Fix,
    Hit,
    Report,
    RuleConfig,
    RulesetConfig,
)

_CACHE_SIZE = 16
_cache: OrderedDict[str, CompiledRuleset] = OrderedDict()
_lock = threading.Lock()
_PII_RULES = frozenset(r for r in RULES if r.startswith("PII."))
_NO_CONFIG = RuleConfig()


class CompiledRuleset:
    """Immutable, thread-safe result of compiling a `RulesetConfig`."""

    def __init__(self, config: RulesetConfig) -> None:
        unknown = set(config.rules) - set(RULES)
        if unknown:
            raise ValueError(f"unknown rule ids in config: {sorted(unknown)}")
        for rule_id, rule in config.rules.items():
            if rule.severity is not None and rule.severity not in SEVERITIES:
                raise ValueError(f"bad severity {rule.severity!r} for {rule_id}")
        for term in config.terms:
            if term.list not in LIST_RULES:
                raise ValueError(f"unknown term list {term.list!r} for {term.text!r}")
        self.config = config
        self.version = config.version
        self.rules = {rid: config.rules.get(rid, _NO_CONFIG) for rid in RULES}
        self.enabled = frozenset(rid for rid, rc in self.rules.items() if rc.enabled)
        wanted = {lst for lst, rid in LIST_RULES.items() if rid in self.enabled}
        terms = [t for t in (*default_terms(), *config.terms) if t.list in wanted]
        self.matcher = TermMatcher(terms)
        self.disclosure = build_disclosure(config)
        self.allowed_domains = tuple(
            d.strip().lower().lstrip(".") for d in config.allowed_link_domains if d
        )
        self.pii_rules = self.enabled & _PII_RULES

    def __repr__(self) -> str:
        return f"<CompiledRuleset version={self.version!r} terms={self.matcher.size}>"


def compile_ruleset(config: RulesetConfig) -> CompiledRuleset:
    """Return the compiled ruleset for `config`, cached by `config.version`."""
    with _lock:
        cached = _cache.get(config.version)
        if cached is not None:
            _cache.move_to_end(config.version)
            return cached
    compiled = CompiledRuleset(config)
    with _lock:
        compiled = _cache.setdefault(config.version, compiled)
        _cache.move_to_end(config.version)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return compiled


def clear_ruleset_cache() -> None:
    """Forget every compiled ruleset (tests, or after a bulk rules import)."""
    with _lock:
        _cache.clear()


DEFAULT_CONFIG = RulesetConfig(version="boegbeeld-default")


def check(
    text: str,
    *,
    network: str = "linkedin",
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
    term_hits = rs.matcher.match(text, folded, index)
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
        placeholder = rs.disclosure.company or (
            "[bedrijf]" if locale == "nl" else "[company]"
        )
        sentence = DISCLOSURE_SENTENCE[locale].format(company=placeholder)
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
