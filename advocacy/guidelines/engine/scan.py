"""Cheap per-check views of the post, shared by all rules.

Pure-Python rules are only fast when the scanning happens in C. Running a
regex with a character-class start over 3,000 characters costs ~20 µs, and
``str.translate`` on non-ASCII text ~30 ns per character, which adds up fast
when a check must finish in a fraction of a millisecond. So every check
builds, once:

* ``raw``: the text encoded as ASCII with "?" for anything else. It has the
  same length as the text, so offsets are shared, and bytes operations
  (translate, count, find) run at memory speed.
* ``mask``: ``raw`` reduced to character classes (U = upper-case letter,
  l = lower-case letter, 0 = digit, space = anything else). Counting capitals
  or locating digit runs is then a ``count``/``find`` on bytes.

Rules use these to find the few places worth a closer (regex) look.
"""

from __future__ import annotations

import re
from functools import cached_property

from .textnorm import fold_for_match


def _mask_table() -> bytes:
    table = bytearray(b" " * 256)
    for c in range(ord("A"), ord("Z") + 1):
        table[c] = ord("U")
    for c in range(ord("a"), ord("z") + 1):
        table[c] = ord("l")
    for c in range(ord("0"), ord("9") + 1):
        table[c] = ord("0")
    return bytes(table)


_MASK = _mask_table()
_DIGIT_RUN = re.compile(rb"00*")  # literal first: fast skip
DIGIT_GAP = 6  # digits closer than this belong to one number ("NL91 ABNA 0417")


class Scan:
    """Lazily computed views of one post; create one per check."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ascii = text.isascii()
        self.raw = text.encode("ascii", "replace")

    @cached_property
    def mask(self) -> bytes:
        return self.raw.translate(_MASK)

    @cached_property
    def fold(self) -> tuple[str, list[int] | None]:
        """(folded, index_map) as produced by `textnorm.fold_for_match`."""
        return fold_for_match(self.text, self.raw)

    @cached_property
    def digit_runs(self) -> list[tuple[int, int]]:
        """Spans of consecutive ASCII digits."""
        if b"0" not in self.mask:
            return []
        return [m.span() for m in _DIGIT_RUN.finditer(self.mask)]

    def number_windows(self, min_digits: int) -> list[tuple[int, int]]:
        """Windows around clusters of digits holding at least `min_digits`.

        A window reaches a few characters beyond its digits so patterns that
        start with "+", "(" or an IBAN country code still fit inside it.
        """
        windows: list[tuple[int, int]] = []
        start = end = digits = -1
        for s, e in self.digit_runs + [(1 << 60, 1 << 60)]:
            if start >= 0 and s - end <= DIGIT_GAP:
                end, digits = e, digits + e - s
                continue
            if start >= 0 and digits >= min_digits:
                windows.append((max(0, start - DIGIT_GAP), end + 2))
            start, end, digits = s, e, e - s
        return windows

    def positions(self, needle: bytes) -> list[int]:
        """Every offset of an ASCII `needle` (C-speed ``bytes.find`` loop)."""
        out, raw = [], self.raw
        pos = raw.find(needle)
        while pos != -1:
            out.append(pos)
            pos = raw.find(needle, pos + 1)
        return out
