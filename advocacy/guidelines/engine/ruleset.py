"""Compile a company's ruleset once: the expensive part of checking, cached.

`compile_ruleset` folds thousands of terms, builds the Aho-Corasick automaton and
prepares disclosure phrases, and caches the result per `RulesetConfig.version`,
so checks while the employee types only pay for scanning the text.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from .claims import claim_marks
from .disclosure import build_disclosure
from .registry import RULES
from .terms import LIST_RULES, TermMatcher, default_terms
from .types import SEVERITIES, RuleConfig, RulesetConfig

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
        marks = claim_marks() if "claims" in wanted else None
        self.matcher = TermMatcher(terms, marks)
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
