"""The company's guidelines, compiled for the engine, and kept fresh without restarts.

Every edit of the guideline settings, a rule setting, a quiet period or a term deletes
one cache key. The next check computes the new version from the database (one cheap
aggregate query) and compiles the ruleset once per process for that version. With Redis
as the cache, all workers see an edit at once; without Redis there is one process.
"""

from __future__ import annotations

import hashlib
import threading

from django.core.cache import cache
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from advocacy.guidelines.engine import (
    CompiledRuleset,
    QuietPeriod,
    RuleConfig,
    RulesetConfig,
    Term,
    compile_ruleset,
)
from advocacy.guidelines.models import (
    GuidelineSettings,
    GuidelineTerm,
    RuleSetting,
    lines,
)
from advocacy.guidelines.models import QuietPeriod as QuietPeriodModel

VERSION_CACHE_KEY = "guidelines:ruleset-version"

_lock = threading.Lock()
_compiled: tuple[str, CompiledRuleset] | None = None


def ruleset_version() -> str:
    """A string that changes whenever anything the engine reads has changed."""
    version = cache.get(VERSION_CACHE_KEY)
    if version is None:
        # Small tables are read whole; the (large) term list by count and last edit.
        settings_row = GuidelineSettings.objects.values().first()
        terms = GuidelineTerm.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
        periods = list(QuietPeriodModel.objects.order_by("pk").values())
        rules = list(RuleSetting.objects.order_by("pk").values())
        raw = repr((settings_row, terms, periods, rules))
        version = hashlib.sha256(raw.encode()).hexdigest()[:16]
        cache.set(VERSION_CACHE_KEY, version, None)
    return version


def ruleset_invalidate() -> None:
    cache.delete(VERSION_CACHE_KEY)


def ruleset_config(version: str) -> RulesetConfig:
    """Read the guidelines from the database into the engine's plain config."""
    row = GuidelineSettings.load()
    rules = {
        rs.rule: RuleConfig(
            enabled=rs.enabled,
            severity=rs.severity or None,
            message_nl=rs.message_nl or None,
            message_en=rs.message_en or None,
        )
        for rs in row.rule_settings.all()
    }
    terms = tuple(
        Term(
            text=t.text,
            list=t.list,
            severity=t.severity or None,
            sureness=t.sureness,
            replacement=t.replacement,
            note=t.note,
            locale=t.locale,
        )
        for t in GuidelineTerm.objects.all().iterator()
    )
    periods = tuple(
        QuietPeriod(start=p.start, end=p.end, label=p.label)
        for p in row.quiet_periods.all()
    )
    return RulesetConfig(
        version=version,
        company_name=row.company_name,
        rules=rules,
        terms=terms,
        disclosure_patterns=tuple(row.disclosure_pattern_lines()),
        disclosure_sentences=row.disclosure_sentences(),
        allowed_link_domains=tuple(d.lower() for d in lines(row.allowed_link_domains)),
        quiet_periods=periods,
        instagram_hashtag_cap=row.instagram_hashtag_cap,
    )


def current_ruleset() -> CompiledRuleset:
    """The compiled ruleset for the guidelines as they are now."""
    global _compiled
    version = ruleset_version()
    compiled = _compiled
    if compiled is not None and compiled[0] == version:
        return compiled[1]
    with _lock:
        if _compiled is not None and _compiled[0] == version:
            return _compiled[1]
        ruleset = compile_ruleset(ruleset_config(version))
        _compiled = (version, ruleset)
        return ruleset


@receiver(post_save, sender=GuidelineSettings)
@receiver(post_delete, sender=GuidelineSettings)
@receiver(post_save, sender=RuleSetting)
@receiver(post_delete, sender=RuleSetting)
@receiver(post_save, sender=QuietPeriodModel)
@receiver(post_delete, sender=QuietPeriodModel)
@receiver(post_save, sender=GuidelineTerm)
@receiver(post_delete, sender=GuidelineTerm)
def _guidelines_changed(**kwargs) -> None:
    ruleset_invalidate()
