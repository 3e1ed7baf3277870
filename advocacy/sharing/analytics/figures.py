"""Figures as values: shown in the reader's language, written plainly to CSV.

A table cell keeps its value (an int, a `Ratio`, a `Percent`, `Money`, a date or
a `Month`); `display` formats it for the page in the active language (Dutch:
`1.300`, `86,7 %`, `€ 975,00`), `str()` gives the CSV's plain form (`1300`, `86.7`,
`975.00`, `2026-12-01`), so a spreadsheet reads numbers whatever the language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.utils import formats, timezone
from django.utils.translation import get_language

NOT_APPLICABLE = "–"
# One style for days across analytics and My impact. Dutch writes months in
# lower case ("b"), English capitalised ("M").
DATE_STYLES = {"nl": ("j b Y", "j b", "b Y"), "en": ("j M Y", "j M", "M Y")}


@dataclass(frozen=True)
class Ratio:
    value: float

    def __str__(self) -> str:
        return f"{self.value:.2f}"


@dataclass(frozen=True)
class Percent:
    value: float  # 0–100

    def __str__(self) -> str:
        return f"{self.value:.1f}"


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return f"{self.amount:.2f}"


@dataclass(frozen=True)
class Month:
    first_day: date

    def __str__(self) -> str:
        return self.first_day.strftime("%Y-%m")


def _dutch() -> bool:
    return (get_language() or "").startswith("nl")


def _styles() -> tuple[str, str, str]:
    """(day, day on a chart axis, month) in the active language."""
    return DATE_STYLES["nl" if _dutch() else "en"]


def _number(value: float | Decimal | int, decimals: int | None = None) -> str:
    if decimals is not None:  # Django's number_format cuts digits off; round first
        value = Decimal(str(value)).quantize(
            Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
        )
    return formats.number_format(
        value, decimal_pos=decimals, use_l10n=True, force_grouping=True
    )


def display(value: object) -> str:
    """The value as the page shows it, in the active language."""
    if isinstance(value, bool) or value is None:
        return str(value or "")
    if isinstance(value, int):
        return _number(value)
    if isinstance(value, Ratio):
        return _number(value.value, 2)
    if isinstance(value, Percent):
        # Dutch writes a (non-breaking) space before the percent sign.
        return _number(value.value, 1) + ("\u00a0%" if _dutch() else "%")
    if isinstance(value, Money):
        gap = "\u00a0" if _dutch() else ""
        return f"{value.currency}{gap}{_number(value.amount, 2)}"
    if isinstance(value, Month):
        return formats.date_format(value.first_day, _styles()[2])
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), _styles()[0])
    if isinstance(value, date):
        return formats.date_format(value, _styles()[0])
    return str(value)


def short_date(day: date) -> str:
    """A day on a chart's axis, in the active language (1 dec / 1 Dec)."""
    return _short_date(day, get_language() or "")


@lru_cache(maxsize=4096)
def _short_date(day: date, language: str) -> str:
    # A chart of two years labels 730 days; the same days come back on every
    # render. `language` is the active one: it only keys the cache.
    return formats.date_format(day, _styles()[1])


def ratio(part: int, whole: int) -> Ratio | str:
    return Ratio(part / whole) if whole else NOT_APPLICABLE


def percent(part: int, whole: int) -> Percent | str:
    return Percent(100 * part / whole) if whole else NOT_APPLICABLE
