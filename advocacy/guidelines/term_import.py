"""Import guideline terms from a CSV file, all or nothing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from advocacy.guidelines.engine.types import SEVERITIES, TERM_LISTS
from advocacy.guidelines.models import GuidelineSettings, GuidelineTerm

MAX_ROWS = 20_000


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    # The file itself could not be read (as opposed to a row with a bad value).
    unreadable: bool = False


def _row_error(line: int, message: str) -> str:
    return _("Line %(line)d: %(message)s") % {"line": line, "message": message}


def _clean_row(row: dict[str, str], default_list: str, line: int) -> dict | str:
    text = (row.get("term") or "").strip()
    if not text:
        return _row_error(line, _("the term is empty."))
    if len(text) > 200:
        return _row_error(line, _("the term is longer than 200 characters."))
    term_list = (row.get("list") or default_list).strip().lower()
    if term_list not in TERM_LISTS:
        return _row_error(line, _("unknown list “%(list)s”.") % {"list": term_list})
    severity = (row.get("severity") or "").strip().lower()
    if severity and severity not in SEVERITIES:
        return _row_error(line, _("severity must be block, warn or info."))
    sureness = (row.get("sureness") or "sure").strip().lower()
    if sureness not in {"sure", "maybe"}:
        return _row_error(line, _("sureness must be sure or maybe."))
    locale = (row.get("locale") or "").strip().lower()
    if locale not in {"", "nl", "en"}:
        return _row_error(line, _("language must be nl, en or empty."))
    # "suggestion" is what the replacement column was called before.
    replacement = row.get("replacement") or row.get("suggestion") or ""
    return {
        "text": text,
        "list": term_list,
        "severity": severity,
        "sureness": sureness,
        "replacement": replacement.strip()[:200],
        "note": (row.get("note") or "").strip()[:300],
        "locale": locale,
    }


LOG_ACTION_IMPORTED = "advocacy.terms_imported"


def guideline_terms_import(
    *, data: bytes, default_list: str, user=None
) -> ImportResult:
    """Create or update terms from CSV `data` (header row required).

    Columns: term (required), list, severity, sureness, replacement, note, locale.
    Any error leaves the stored terms exactly as they were.
    """
    result = ImportResult()
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(_("The file is not UTF-8 text. Save it as CSV (UTF-8)."))
        return result
    if "\x00" in content:
        result.unreadable = True
        result.errors.append(
            _("The file contains NUL characters: it is not a CSV file.")
        )
        return result
    try:
        dialect = csv.Sniffer().sniff(content[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(content), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "term" not in header:
        result.errors.append(
            _("The first row must name the columns, including “term”.")
        )
        return result
    reader.fieldnames = header
    cleaned = []
    try:
        for line, row in enumerate(reader, start=2):
            if line - 1 > MAX_ROWS:
                result.errors.append(
                    _("At most %(n)d terms per file.") % {"n": MAX_ROWS}
                )
                return result
            value = _clean_row(row, default_list, line)
            if isinstance(value, str):
                result.errors.append(value)
            else:
                cleaned.append(value)
    except csv.Error:  # a field past the csv module's limit (128 KB)
        result.unreadable = True
        result.errors.append(
            _("Line %(line)d: a field is too long, or the file is not a CSV file.")
            % {"line": reader.line_num}
        )
        return result
    if result.errors:
        return result
    with transaction.atomic():
        for values in cleaned:
            _term, created = GuidelineTerm.objects.update_or_create(
                list=values.pop("list"), text=values.pop("text"), defaults=values
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
        log(
            instance=GuidelineSettings.load(),
            action=LOG_ACTION_IMPORTED,
            user=user,
            data={"created": result.created, "updated": result.updated},
        )
    return result
