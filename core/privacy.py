"""Personal data: what each app stores about a person, declared in one place.

Every app of ours that stores something about a user offers a `privacy` module
(found with `core.discovery.app_modules("privacy")`) with:

- `PERSONAL_DATA`: a list of `PersonalData`, one per kind of data. Each names the
  models whose references to the user it covers, how to export it, how to erase it,
  who can see it and how long it is kept. The export archive, the erasure and the
  privacy page are built from these declarations only.
- `NOT_PERSONAL` (optional): `{"app_label.Model": reason}` for models that point at
  a user but hold nothing about them worth exporting (a lock held for minutes, a
  token's hash). Erasure still moves their references off the person.
- `STATEMENTS` (optional): callables returning sentences for the privacy page
  (a rule such as "group figures only for groups of at least five").
- `RETENTION` (optional): a list of `Retention`, what the nightly job prunes once
  it is older than a `PrivacySettings` field says (settings in the CMS).

A test walks every model with a reference to the user model and fails when one is
neither covered by a `PersonalData` nor declared in `NOT_PERSONAL`, so a new model
cannot be forgotten silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, ngettext

from core.discovery import app_modules
from core.models import PrivacySettings

Text = str | Promise

# How long what has no retention setting is kept.
UNTIL_ERASED = gettext_lazy("As long as the account exists.")


@dataclass(frozen=True)
class PersonalData:
    """One kind of personal data, as the export, erasure and privacy page see it."""

    key: str  # file name in the export archive (`<key>.json`)
    label: Text
    description: Text  # what is stored, for the privacy page
    models: tuple[str, ...]  # "app_label.Model" whose user references this covers
    export: Callable[[Any], list[dict]]
    # Deletes or anonymises this data for a person before their account goes; gets
    # (user, placeholder): rows kept for the company's figures move to the
    # placeholder, an anonymous stand-in that cannot log in.
    erase: Callable[[Any, Any], None] | None = None
    seen_by: Text = ""  # who can see it, for the privacy page
    kept: Callable[[], Text] | Text = ""  # how long it is kept (may read settings)
    on_erase: Text = ""  # what erasure does with it, for the summary and the page
    # Extra files for the archive: (name inside the archive, opened file).
    files: Callable[[Any], list[tuple[str, Any]]] | None = None

    def kept_text(self) -> Text:
        return self.kept() if callable(self.kept) else self.kept


@dataclass(frozen=True)
class Retention:
    """Detail pruned once it is older than `PrivacySettings.<setting>` days."""

    setting: str  # a field of core.models.PrivacySettings (0 = keep)
    label: Text
    # Prunes what is older than the cutoff; returns how many rows it changed.
    prune: Callable[[datetime], int]


@dataclass
class Declarations:
    personal: list[PersonalData] = field(default_factory=list)
    not_personal: dict[str, Text] = field(default_factory=dict)
    statements: list[Callable[[], Text]] = field(default_factory=list)
    retention: list[Retention] = field(default_factory=list)


def declarations() -> Declarations:
    """What every app declares, in the order of INSTALLED_APPS."""
    found = Declarations()
    for module in app_modules("privacy"):
        found.personal.extend(getattr(module, "PERSONAL_DATA", ()))
        found.not_personal.update(getattr(module, "NOT_PERSONAL", {}))
        found.statements.extend(getattr(module, "STATEMENTS", ()))
        found.retention.extend(getattr(module, "RETENTION", ()))
    return found


def kept_for(setting: str) -> str:
    """How long a retention setting keeps things, as the privacy page says it."""
    days = PrivacySettings.load().days(setting)
    if not days:
        return str(UNTIL_ERASED)
    return ngettext("%(days)s day.", "%(days)s days.", days) % {"days": days}


def retention_prune() -> dict[str, int]:
    """Prune everything older than its retention setting; {setting: rows changed}."""
    config = PrivacySettings.load()
    pruned = {}
    for rule in declarations().retention:
        days = config.days(rule.setting)
        if days:
            cutoff = timezone.now() - timedelta(days=days)
            pruned[rule.setting] = pruned.get(rule.setting, 0) + rule.prune(cutoff)
    return pruned
