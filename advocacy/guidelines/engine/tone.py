"""Tone rules: shouting in capitals and piles of exclamation marks.

Both are cheap to prefilter: counting capitals uses ``str.translate`` (C speed)
and the detailed checks run only when there are enough capitals or "!" to
matter. Hashtags, mentions and links are left out because "#AI" or a URL in
capitals is not shouting.
"""

from __future__ import annotations

import re

from .scan import Scan
from .textnorm import sentence_case
from .types import Fix, Hit

MIN_LETTERS = 12
UPPER_RATIO = 0.7
MIN_RUN_WORDS = 4
MIN_RUN_LETTERS = 14
MIN_LETTERS_AFTER_ACRONYMS = 5


_CAP = "A-ZÀ-ÖØ-Þ"
_CAPS_RUN = re.compile(
    rf"[{_CAP}][{_CAP}'’]*(?!\w)(?:[^\w#@\n]{{1,3}}[{_CAP}][{_CAP}'’]*(?!\w))+"
)
_CAPS_WORD = re.compile(rf"[{_CAP}]{{3,}}")
_ACRONYM = re.compile(rf"(?<![\w#@])[{_CAP}]{{2,4}}(?!\w)")
_BANGS = re.compile(r"!!+")  # literal first: fast skip
_U, _L, _D, _SP = b"U"[0], b"l"[0], b"0"[0], b" "[0]


def _sentence_case_keeping(
    text: str, start: int, end: int, keep: list[tuple[int, int]]
) -> str:
    """Sentence-case text[start:end] but leave hashtags, mentions and links alone."""
    pieces, pos = [], start
    for s, e in keep:
        if e <= pos or s >= end:
            continue
        pieces.append(sentence_case(text[pos:s]) if s > pos else "")
        pieces.append(text[s:e])
        pos = e
    pieces.append(sentence_case(text[pos:end]) if end > pos else "")
    return "".join(pieces)


def _run_start(text: str, mask: bytes, start: int) -> int:
    """Widen a capitals run to the left over short words ("WE ARE HIRING")."""
    for _ in range(3):
        k, gap = start - 1, 0
        while k >= 0 and mask[k] == _SP and text[k] not in "#@\n" and gap < 3:
            k, gap = k - 1, gap + 1
        if k < 0 or gap == 0 or mask[k] != _U:
            break
        j = k
        while j > 0 and mask[j - 1] == _U:
            j -= 1
        if j > 0 and (mask[j - 1] in (_L, _D) or text[j - 1] in "#@"):
            break
        start = j
    return start


def shouting(text: str, excluded: list[tuple[int, int]], scan: Scan) -> list[Hit]:
    """Tone.Shouting: mostly capitals, or a run of capitalised words."""
    mask = scan.mask
    upper = mask.count(b"U")
    if upper < MIN_LETTERS:
        return []
    letters = upper + mask.count(b"l")
    for s, e in excluded:
        part = mask[s:e]
        upper, letters = (
            upper - part.count(b"U"),
            letters - part.count(b"l") - part.count(b"U"),
        )
    if upper >= MIN_LETTERS and upper >= UPPER_RATIO * letters:
        # Short all-caps words (KPN, ING, CEO) say nothing about shouting; judge
        # the ratio on the remaining words.
        acronyms = sum(len(m.group()) for m in _ACRONYM.finditer(text))
        upper, letters = upper - acronyms, letters - acronyms
        if letters >= MIN_LETTERS_AFTER_ACRONYMS and upper >= UPPER_RATIO * letters:
            stripped = text.strip()
            start = text.index(stripped[0])
            end = start + len(stripped)
            fix = (
                Fix(
                    "sentence_case", _sentence_case_keeping(text, start, end, excluded)
                ),
            )
            return [Hit("Tone.Shouting", start, end, {}, fix)]
    hits: list[Hit] = []
    pos = mask.find(b"UUU")
    while pos != -1:
        if pos and mask[pos - 1] == _U or (pos and text[pos - 1] in "#@"):
            pos = mask.find(b"UUU", pos + 1)
            continue
        m = _CAPS_RUN.match(text, _run_start(text, mask, pos))
        next_from = pos + 3
        if m:
            words = _CAPS_WORD.findall(m.group())
            if len(words) >= MIN_RUN_WORDS and sum(map(len, words)) >= MIN_RUN_LETTERS:
                fixed = _sentence_case_keeping(text, m.start(), m.end(), excluded)
                fix = (Fix("sentence_case", fixed),)
                hits.append(Hit("Tone.Shouting", m.start(), m.end(), {}, fix))
                next_from = m.end()
        pos = mask.find(b"UUU", next_from)
    return hits


def exclamations(text: str) -> list[Hit]:
    """Tone.Exclamations: "!!" runs, or more than three "!" in one post."""
    total = text.count("!")
    if total < 2:
        return []
    hits = [
        Hit("Tone.Exclamations", *m.span(), {}, (Fix("one_exclamation", "!"),))
        for m in _BANGS.finditer(text)
    ]
    singles = total - sum(h.end - h.start for h in hits)  # "!" outside runs
    if singles > 3:
        covered = {i for h in hits for i in range(h.start, h.end)}
        seen, pos = 0, -1
        while seen < 4:
            pos = text.find("!", pos + 1)
            if pos not in covered:
                seen += 1
        fix = (Fix("full_stop", "."),)
        hits.append(Hit("Tone.Exclamations", pos, pos + 1, {}, fix))
    return hits
