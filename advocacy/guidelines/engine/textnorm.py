"""Case/accent folding with a map back to the caller's offsets.

Term lists are matched against a folded copy of the post so that "Projéct
Zeus", "PROJECT ZEUS" and "project-zeus" all hit the term "project zeus". The
folded copy may differ in length from the original ("ß" → "ss", a decomposed
"é" loses its combining mark), so the fold returns an index map whenever the
lengths can diverge. For the common case (every character folds to exactly one
character) the map is the identity and is not built at all, which keeps the
per-check cost down to a single ``str.translate`` call.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left

_combining = unicodedata.combining
_normalize = unicodedata.normalize


# Invisible characters people slip into a word to dodge a filter ("k\u200but"):
# Unicode's default-ignorable code points (zero-width space, joiners, soft
# hyphen, word joiner, bidi controls, variation selectors, tags). They fold away
# for matching; the post itself is left as written.
_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0x1BCA0, 0x1BCA3),
    (0xE0000, 0xE0FFF),
)

# Letters of other scripts that look like Latin ones (Unicode's confusables for
# the letters filters care about): "kуt" with a Cyrillic у reads as "kut".
_CONFUSABLES = str.maketrans(
    {
        # Cyrillic
        "а": "a", "е": "e", "ё": "e", "о": "o", "р": "p", "с": "c", "у": "y",
        "х": "x", "к": "k", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "һ": "h",
        "ԁ": "d", "ԛ": "q", "ԝ": "w", "В": "b", "Н": "h", "М": "m", "Т": "t",
        # Greek
        "α": "a", "ο": "o", "ρ": "p", "ι": "i", "κ": "k", "ν": "v", "υ": "u",
        "χ": "x", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Μ": "m", "Ν": "n",
        "Τ": "t", "Υ": "y",
        # Armenian
        "ս": "u", "օ": "o", "ո": "n", "հ": "h", "ց": "g", "զ": "q",
    }
)  # fmt: skip


def is_ignorable(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _IGNORABLE)


def fold_char(ch: str) -> str:
    """Fold one character: drop it if invisible, compatibility-decompose, take
    look-alike letters as the Latin ones, drop accents, casefold."""
    if is_ignorable(ch):
        return ""
    s = "".join(c for c in _normalize("NFKD", ch) if not _combining(c))
    s = s.translate(_CONFUSABLES).casefold()
    return "".join(c for c in _normalize("NFKD", s) if not _combining(c))


def fold_token(text: str) -> str:
    """Fold a short string, keeping punctuation (used for obfuscation checks)."""
    if text.isascii():
        return text.lower()
    return "".join(fold_char(c) for c in text)


# Characters whose folded form is not exactly one character long. Filled lazily
# by the translate table; when a text contains none of them, offsets in the
# folded text equal offsets in the original.
_NON_UNIT: set[str] = set()


class _MatchFoldTable(dict):
    """Lazy ``str.translate`` table: fold, and turn non-alphanumerics into spaces.

    Turning punctuation into spaces keeps the length identical while letting
    Aho-Corasick keys padded with spaces enforce word boundaries.
    """

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        # Invisible characters fold to nothing (not a space), so they cannot
        # split a word in two.
        folded = "".join(c if c.isalnum() else " " for c in fold_char(ch))
        if len(folded) != 1:
            _NON_UNIT.add(ch)
        self[code] = folded
        return folded


_MATCH_TABLE = _MatchFoldTable()
for _code in range(128):
    _MATCH_TABLE[_code]  # noqa: B018 - warm the ASCII part of the table


_BYTES_FOLD = bytes(
    c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122) else 32
    for c in range(256)
)
_SPARSE_LIMIT = 256


def fold_for_match(text: str, raw: bytes | None = None) -> tuple[str, list[int] | None]:
    """Return (folded, index_map); index_map is None when offsets are identical.

    ``index_map[i]`` is the offset in ``text`` of the character that produced
    folded character ``i``. `raw` (the text encoded as ASCII with "?" for
    anything else) lets mostly-ASCII text skip the slow per-character path.
    """
    if text.isascii():
        return text.translate(_MATCH_TABLE), None
    if raw is None:
        raw = text.encode("ascii", "replace")
    if raw.count(b"?") - text.count("?") > _SPARSE_LIMIT:
        return _fold_dense(text)
    base = raw.translate(_BYTES_FOLD).decode("ascii")
    pieces: list[str] = []
    odd: list[tuple[int, int]] = []  # (offset, folded length) when length != 1
    prev, table = 0, _MATCH_TABLE
    pos = raw.find(b"?")
    while pos != -1:
        ch = text[pos]
        if ch != "?":
            folded = table[ord(ch)]
            if folded != " ":
                pieces.append(base[prev:pos])
                pieces.append(folded)
                prev = pos + 1
            if len(folded) != 1:
                odd.append((pos, len(folded)))
        pos = raw.find(b"?", pos + 1)
    pieces.append(base[prev:])
    if not odd:
        return "".join(pieces), None
    index: list[int] = []
    prev = 0
    for pos, n in odd:
        index.extend(range(prev, pos))
        index.extend([pos] * n)
        prev = pos + 1
    index.extend(range(prev, len(text)))
    return "".join(pieces), index


def _fold_dense(text: str) -> tuple[str, list[int] | None]:
    """Fold text that is mostly non-ASCII (other scripts, many emoji)."""
    folded = text.translate(_MATCH_TABLE)
    if _NON_UNIT.isdisjoint(text):
        return folded, None
    table = _MATCH_TABLE
    index: list[int] = []
    extend = index.extend
    for i, ch in enumerate(text):
        n = len(table[ord(ch)])
        if n == 1:
            index.append(i)
        elif n:
            extend([i] * n)
    return folded, index


def fold_key(text: str) -> str:
    """Fold a term the same way posts are folded, collapsing whitespace runs."""
    return " ".join(text.translate(_MATCH_TABLE).split())


def map_span(
    text: str, index: list[int] | None, start: int, end: int
) -> tuple[int, int]:
    """Map a [start, end) span in the folded text back to the original text."""
    if index is None:
        return start, end
    o_start = index[start]
    o_end = index[end - 1] + 1
    # Swallow trailing characters that folded away (combining accents).
    n = len(text)
    while o_end < n and not _MATCH_TABLE[ord(text[o_end])]:
        o_end += 1
    return o_start, o_end


# Separators a phrase may have between its words, any number of them: white
# space, hyphens, dashes and underscores ("project - zeus", "project--zeus",
# "project-\nzeus"). Clause punctuation (. , : ;) still ends a phrase.
_SEPARATOR_RUN = re.compile("[\\s\u00a0_\\-\u2010-\u2015\u2212]{2,}")
# Bytes that may start a run in `Scan.raw`: ASCII separators, and "?" (any
# non-ASCII character) only when the text holds a non-ASCII separator at all.
_ASCII_SEPARATORS = "\t\n\v\f\r -_"
_SEP_BYTES = bytes(
    ord("s") if chr(c) in _ASCII_SEPARATORS else ord("x") for c in range(256)
)
_SEP_BYTES_WIDE = bytes(
    ord("s") if chr(c) in _ASCII_SEPARATORS + "?" else ord("x") for c in range(256)
)
# The non-ASCII separators people type: no-break and thin spaces, dashes, minus.
_WIDE_SEPARATORS = tuple("\u00a0\u2013\u2014\u2009\u202f\u2010\u2011\u2012\u2015\u2212")
_MANY_CANDIDATES = 64  # beyond this (text in another script), one regex pass


def separator_runs(text: str, raw: bytes) -> list[tuple[int, int]]:
    """Spans of two or more phrase separators in a row, in `text` offsets.

    `raw` is `Scan.raw`; a bytes search finds the few candidates, so a post
    without such runs costs one ``bytes.translate``.
    """
    wide = b"?" in raw and any(sep in text for sep in _WIDE_SEPARATORS)
    marks = raw.translate(_SEP_BYTES_WIDE if wide else _SEP_BYTES)
    if b"ss" not in marks:
        return []
    if wide and marks.count(b"ss") > _MANY_CANDIDATES:
        return [m.span() for m in _SEPARATOR_RUN.finditer(text)]
    runs: list[tuple[int, int]] = []
    pos = marks.find(b"ss")
    while pos != -1:
        m = _SEPARATOR_RUN.match(text, pos)
        if m:
            runs.append(m.span())
        pos = marks.find(b"ss", m.end() if m else pos + 1)
    return runs


class Collapsed:
    """The folded text with each separator run reduced to one space.

    `original(i)` maps an offset of a non-space character back to the folded
    text the runs were taken out of.
    """

    def __init__(
        self, folded: str, index: list[int] | None, runs: list[tuple[int, int]]
    ) -> None:
        pieces: list[str] = []
        self.spaces: list[int] = []  # offset of each run's one space
        self.removed: list[int] = []  # characters removed up to that run
        prev = removed = 0
        for start, end in runs:
            if index is not None:
                start, end = bisect_left(index, start), bisect_left(index, end)
            pieces.append(folded[prev:start])
            pieces.append(" ")
            self.spaces.append(start - removed)
            removed += end - start - 1
            self.removed.append(removed)
            prev = end
        pieces.append(folded[prev:])
        self.text = "".join(pieces)

    def original(self, offset: int) -> int:
        k = bisect_left(self.spaces, offset)
        return offset + (self.removed[k - 1] if k else 0)


_SENTENCE_START = re.compile(r"(^[^\w]*|[.!?]\s+)([^\W\d_])")


def sentence_case(text: str) -> str:
    """Lower-case a shouted passage and capitalise the start of each sentence."""
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text.lower())
