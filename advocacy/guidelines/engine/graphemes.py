"""Extended grapheme cluster segmentation, good enough for length counting.

Bluesky and Mastodon count user-perceived characters, so "👨‍👩‍👧‍👦" is one
character and "e" + COMBINING ACUTE is one as well. This implements the parts
of UAX #29 that matter for social posts (CR LF, combining and spacing marks,
variation selectors, emoji modifiers, ZWJ sequences, tag sequences and regional
indicator pairs, Hangul syllables written as jamo) with one compiled regular
expression, so no dependency is needed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Planes/blocks that contain marks; scanning only these keeps the one-off
# table build at a few milliseconds instead of walking all of Unicode.
_MARK_SCAN = ((0x0300, 0x3100), (0xA000, 0x10000), (0x10000, 0x1F000))
_EXTRA_EXTEND = (
    (0x200C, 0x200C),  # ZERO WIDTH NON-JOINER
    (0x1F3FB, 0x1F3FF),  # emoji skin-tone modifiers
    (0xE0020, 0xE007F),  # emoji tag sequences (subdivision flags)
    (0xE0100, 0xE01EF),  # variation selectors supplement
)


def _ranges() -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    category = unicodedata.category
    for lo, hi in _MARK_SCAN:
        for code in range(lo, hi):
            if category(chr(code)) in ("Mn", "Me", "Mc"):
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1] = (ranges[-1][0], code)
                else:
                    ranges.append((code, code))
    return ranges + list(_EXTRA_EXTEND)


def _cls(ranges: list[tuple[int, int]]) -> str:
    def esc(code: int) -> str:
        return f"\\U{code:08x}"

    return "".join(esc(a) if a == b else f"{esc(a)}-{esc(b)}" for a, b in ranges)


_SYLLABLES = (0xAC00, 0xD7A3)  # precomposed: LV every 28th code point, else LVT


def _hangul() -> str:
    """UAX #29 GB6-GB8 as a regex: L* (V+ | LV V* | LVT) T* | L+ | T+."""
    lead = "[\u1100-\u115f\ua960-\ua97c]"
    vowel = "[\u1160-\u11a7\ud7b0-\ud7c6]"
    trail = "[\u11a8-\u11ff\ud7cb-\ud7fb]"
    first, last = _SYLLABLES
    lv_codes = range(first, last + 1, 28)
    lv = "[" + "".join(chr(c) for c in lv_codes) + "]"
    lvt = (
        "[" + "".join(f"{chr(c + 1)}-{chr(min(c + 27, last))}" for c in lv_codes) + "]"
    )
    return f"{lead}*(?:{vowel}+|{lv}{vowel}*|{lvt}){trail}*|{lead}+|{trail}+"


@cache
def _cluster_re() -> re.Pattern[str]:
    extend = f"[{_cls(_ranges())}]"
    ri = "[\U0001f1e6-\U0001f1ff]"
    return re.compile(
        rf"\r\n|{ri}{ri}{extend}*"
        rf"|(?:{_hangul()}|[^\r\n\x00-\x1f])(?:{extend}|\u200d[^\r\n\x00-\x1f]?)*"
        r"|[\s\S]"
    )


def iter_clusters(text: str) -> list[tuple[int, int]]:
    """Return (start, end) code-point offsets of each grapheme cluster."""
    return [m.span() for m in _cluster_re().finditer(text)]


def count_graphemes(text: str) -> int:
    """Count user-perceived characters; ASCII short-circuits to len()."""
    if text.isascii():
        return len(text) - text.count("\r\n")
    return len(_cluster_re().findall(text))
