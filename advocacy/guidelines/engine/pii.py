"""Personal data detectors: e-mail, phone, IBAN, BSN and payment cards.

Each pattern starts with a digit, "+" or "@" so the regex engine can skip
ahead in C; context checks (what precedes/follows) run in Python only on the
rare candidates. Checksums (mod-97, 11-proef, Luhn) keep random numbers such as
order ids, dates and prices from being flagged.
"""

from __future__ import annotations

import re

from .scan import Scan
from .types import Hit

_EMAIL_AT = re.compile(r"@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
_LOCAL_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-_%"
)

_PHONE = re.compile(
    r"(?:\+|00)[1-9](?:[ .-]?(?:\(0\)[ .-]?)?\d){7,14}"
    r"|(?:\(0[1-9]\d{0,2}\)[ ]?|0[1-9])(?:[ -]?\d){7,8}"
)
_IBAN = re.compile(
    r"\d\d(?<=[A-Za-z]{2}\d\d)(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,3})?"
)
_BSN = re.compile(r"\d\d\d([ .-]?)\d{3}\1\d{3}")
_CARD = re.compile(r"\d(?:[ -]?\d){12,18}")
_SEPARATORS = ".,-/:"

IBAN_LENGTHS = {
    "NL": 18, "BE": 16, "DE": 22, "FR": 27, "GB": 22, "ES": 24, "IT": 27,
    "LU": 20, "AT": 20, "CH": 21, "DK": 18, "IE": 22, "PL": 28, "PT": 25,
    "SE": 24, "NO": 15, "FI": 18,
}  # fmt: skip


def _isolated(text: str, start: int, end: int) -> bool:
    """True unless the number is glued to letters/digits or a longer number."""
    if start:
        before = text[start - 1]
        if before.isalnum() or before == "+":
            return False
        if before in _SEPARATORS and start > 1 and text[start - 2].isdigit():
            return False
    if end < len(text):
        after = text[end]
        if after.isalnum():
            return False
        if after in _SEPARATORS and end + 1 < len(text) and text[end + 1].isdigit():
            return False
    return True


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def iban_valid(iban: str) -> bool:
    """ISO 13616 mod-97 check on a compact, upper-case IBAN."""
    if not (15 <= len(iban) <= 34 and iban[:2].isalpha() and iban[2:4].isdigit()):
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def bsn_valid(digits: str) -> bool:
    """Dutch 11-proef: weights 9..2 and -1; the sum must be divisible by 11."""
    if len(digits) != 9 or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def luhn_valid(digits: str) -> bool:
    """Luhn checksum used by every payment card scheme."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _card_prefix_ok(digits: str) -> bool:
    first = digits[0]
    return first in "3456" or (first == "2" and 2221 <= int(digits[:4]) <= 2720)


def _emails(text: str) -> list[Hit]:
    hits = []
    for m in _EMAIL_AT.finditer(text):
        start = m.start()
        while start > 0 and text[start - 1] in _LOCAL_CHARS:
            start -= 1
        while start < m.start() and text[start] in ".-":
            start += 1
        if start < m.start():
            hits.append(Hit("PII.Email", start, m.end()))
    return hits


def _phones(text: str, matches: list[re.Match[str]]) -> list[Hit]:
    hits = []
    for m in matches:
        s, e = m.span()
        raw = m.group()
        n = len(_digits(raw))
        national = raw[0] in "(0" and not raw.startswith("00")
        if national and (n != 10 or raw.count("-") > 1):
            continue
        if not national and not 9 <= n <= 15:
            continue
        if _isolated(text, s, e):
            hits.append(Hit("PII.Phone", s, e))
    return hits


def _ibans(text: str, matches: list[re.Match[str]]) -> list[Hit]:
    hits = []
    for m in matches:
        start = m.start() - 2
        if start and text[start - 1].isalnum():
            continue
        raw = text[start : m.end()]
        compact = raw.replace(" ", "").upper()
        want = IBAN_LENGTHS.get(compact[:2])
        if want:
            if len(compact) < want:
                continue
            compact = compact[:want]
        if not iban_valid(compact):
            continue
        end, seen = start, 0
        while seen < len(compact):
            if text[end] != " ":
                seen += 1
            end += 1
        if end == len(text) or not text[end].isalnum():
            hits.append(Hit("PII.IBAN", start, end))
    return hits


def _in_windows(pattern: re.Pattern[str], text: str, windows) -> list[re.Match[str]]:
    out: list[re.Match[str]] = []
    for start, end in windows:
        out.extend(pattern.finditer(text, start, min(end, len(text))))
    return out


def find_pii(text: str, enabled: frozenset[str], scan: Scan | None = None) -> list[Hit]:
    """All PII hits for the enabled PII rules, overlaps resolved.

    Number patterns only run inside small windows around clusters of at least
    nine digits (the shortest thing we look for), found via `Scan`.
    """
    scan = scan or Scan(text)
    hits: list[Hit] = []
    if "PII.Email" in enabled and "@" in text:
        hits.extend(_emails(text))
    windows = scan.number_windows(9)
    if not windows:
        return hits
    strong: list[Hit] = []
    iban_like = _in_windows(_IBAN, text, windows)
    # Anything shaped like an IBAN is not also a phone number or BSN, even
    # when its checksum fails (a typo in an account number is still one).
    shapes = [Hit("", m.start() - 2, m.end()) for m in iban_like]
    if "PII.IBAN" in enabled:
        strong.extend(_ibans(text, iban_like))
    if "PII.CreditCard" in enabled:
        for m in _in_windows(_CARD, text, windows):
            raw = m.group()
            digits = _digits(raw)
            if (
                len({c for c in raw if not c.isdigit()}) <= 1
                and _card_prefix_ok(digits)
                and luhn_valid(digits)
                and _isolated(text, *m.span())
            ):
                strong.append(Hit("PII.CreditCard", *m.span()))
    phones = []
    if "PII.Phone" in enabled:
        phones = _phones(text, _in_windows(_PHONE, text, windows))
        phones = [p for p in phones if not any(_overlap(p, h) for h in strong + shapes)]
    if "PII.BSN" in enabled:
        taken = strong + phones + shapes
        for m in _in_windows(_BSN, text, windows):
            s, e = m.span()
            if (
                bsn_valid(_digits(m.group()))
                and _isolated(text, s, e)
                and not any(s < t.end and t.start < e for t in taken)
            ):
                strong.append(Hit("PII.BSN", s, e))
    return hits + strong + phones


def _overlap(a: Hit, b: Hit) -> bool:
    return a.start < b.end and b.start < a.end
