"""Boegbeeld guideline engine: check employee posts against company guidelines.

Pure Python (no Django) so it can run in request handlers, background tasks
and benchmarks alike. Typical use::

    ruleset = compile_ruleset(RulesetConfig(version="42", company_name="Acme"))
    report = check(text, network="x", ruleset=ruleset, context=CheckContext())
    report.as_dict()
"""

from .checker import DEFAULT_CONFIG, check, disclosure_sentence
from .counting import count_for_network
from .registry import RULES, RuleSpec
from .ruleset import CompiledRuleset, clear_ruleset_cache, compile_ruleset
from .types import (
    DEFAULT_DISCLOSURE_PATTERNS,
    DEFAULT_DISCLOSURE_PATTERNS_BY_LANGUAGE,
    DEFAULT_DISCLOSURE_SENTENCES,
    DEFAULT_WEAK_DISCLOSURE_TAGS,
    CheckContext,
    Finding,
    Fix,
    QuietPeriod,
    Report,
    RuleConfig,
    RulesetConfig,
    Term,
)

__all__ = [
    "DEFAULT_CONFIG",
    "DEFAULT_DISCLOSURE_PATTERNS",
    "DEFAULT_DISCLOSURE_PATTERNS_BY_LANGUAGE",
    "DEFAULT_DISCLOSURE_SENTENCES",
    "DEFAULT_WEAK_DISCLOSURE_TAGS",
    "RULES",
    "CheckContext",
    "CompiledRuleset",
    "Finding",
    "QuietPeriod",
    "Report",
    "RuleConfig",
    "RuleSpec",
    "RulesetConfig",
    "Fix",
    "Term",
    "check",
    "clear_ruleset_cache",
    "compile_ruleset",
    "count_for_network",
    "disclosure_sentence",
]
