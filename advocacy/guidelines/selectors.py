"""Reads for advocacy pages (no writes here)."""

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from advocacy.guidelines.engine import RULES
from advocacy.guidelines.engine.terms import default_terms
from advocacy.guidelines.models import GuidelineSettings, GuidelineTerm, lines

CATEGORY_TITLES = {
    "limit": gettext_lazy("Length and format"),
    "confidential": gettext_lazy("Confidential information"),
    "claims": gettext_lazy("Claims"),
    "financial": gettext_lazy("Financial information"),
    "competitor": gettext_lazy("Competitors"),
    "pii": gettext_lazy("Personal data"),
    "profanity": gettext_lazy("Language"),
    "inclusive": gettext_lazy("Inclusive language"),
    "tone": gettext_lazy("Tone"),
    "disclosure": gettext_lazy("Say that you work here"),
    "links": gettext_lazy("Links"),
    "template": gettext_lazy("Finish your text"),
}


def guidelines_page_sections(*, locale: str) -> dict[str, Any]:
    """The enabled rules, grouped by category, with their effective severity.

    Term lists are not published: confidential terms, client and competitor names
    must not leak through the guidelines page. Inclusive-language alternatives are
    the exception: they are meant to be learned.
    """
    row = GuidelineSettings.load()
    overrides = {rs.rule: rs for rs in row.rule_settings.all()}
    sections: dict[str, list[dict[str, str]]] = defaultdict(list)
    for rule_id, spec in RULES.items():
        override = overrides.get(rule_id)
        if override is not None and not override.enabled:
            continue
        severity = (override.severity if override else "") or spec.severity
        sections[spec.category].append(
            {
                "rule": rule_id,
                "anchor": spec.anchor,
                "title": spec.title(locale),
                "explanation": spec.explanation(locale),
                "severity": severity,
            }
        )
    ordered = [
        {"key": key, "title": CATEGORY_TITLES.get(key, key.title()), "rules": rules}
        for key, rules in sections.items()
    ]
    company = row.company_name or _("our company")
    disclosures = [
        p.replace("{company}", company) for p in row.disclosure_pattern_lines(locale)
    ]
    own = GuidelineTerm.objects.filter(list="inclusive").exclude(replacement="")
    shipped = [t for t in default_terms() if t.list == "inclusive"]
    pairs = [(t.text, t.replacement, t.locale) for t in shipped]
    pairs += list(own.values_list("text", "replacement", "locale")[:200])
    inclusive = sorted(
        {
            (text, replacement.replace("|", " / "))
            for text, replacement, term_locale in pairs
            if replacement and term_locale in {"", locale}
        }
    )
    return {
        "sections": ordered,
        "company_name": company,
        "disclosures": disclosures[:8],
        "allowed_domains": lines(row.allowed_link_domains),
        "inclusive_terms": inclusive,
    }
