"""Cells for files people open in a spreadsheet (CSV exports).

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return
before one) as a formula: a story title or a guideline term typed as
`=HYPERLINK(...)` would run on the computer of whoever opens the export. As
OWASP recommends, such a cell gets a leading apostrophe, which spreadsheets show
as text and do not display. Plain numbers (-12, +3.5) stay numbers.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?")


def spreadsheet_cell(value: object) -> str:
    """`value` as CSV cell text that no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text
