"""Word and phrase lists matched with a single Aho-Corasick automaton.

All lists (confidential codenames, claims, financial words, competitors,
profanity, inclusive-language hints) share one automaton per compiled
ruleset, so a post is scanned once no matter how many thousands of terms a
company configures. Keys are folded the same way as the post and padded with
spaces; since folding turns punctuation into spaces, a key can only match on
word boundaries ("Scunthorpe" never matches "cunt", "assessment" never "ass").

Profanity that people disguise ("f*ck", "sh1t", "fuuuuck", "k.u.t") is caught
by a second, much cheaper pass that only looks at suspicious tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import ahocorasick

from .claims import refine_claims
from .scan import Scan
from .textnorm import Collapsed, fold_key, fold_token, map_span, separator_runs
from .types import Fix, Hit, Term

LIST_RULES = {
    "confidential": "Confidential.Term",
    "claims": "Claims.Forbidden",
    "financial": "Financial.QuietPeriod",
    "competitor": "Competitor.Mention",
    "profanity": "Profanity",
    "inclusive": "Inclusive.Language",
}
_DATA = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> Iterable[list[str]]:
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield [cell.strip() for cell in line.split("\t")] + [""] * 4


@cache
def default_terms() -> tuple[Term, ...]:
    """The shipped starter lists; config terms with the same text override them."""
    terms = [
        Term(r[0], "profanity", sureness=r[2], locale=r[1])
        for r in _rows("profanity.tsv")
    ]
    terms += [
        Term(r[0], "inclusive", replacement=r[2], note=r[3], locale=r[1])
        for r in _rows("inclusive.tsv")
    ]
    terms += [Term(r[0], "financial", locale=r[1]) for r in _rows("financial.tsv")]
    terms += [
        Term(
            r[0], "claims", severity=r[2] or None, sureness=r[3] or "sure", locale=r[1]
        )
        for r in _rows("claims.tsv")
    ]
    return tuple(terms)


_MAYBE_LISTS = frozenset({"profanity", "claims"})  # "maybe" terms: one step less
_LEET = str.maketrans("4301572@$!|", "aeoiistasil")
_LEET_ALT = str.maketrans("1", "l")
_SEPARATORS = str.maketrans("", "", "._-")
_REPEATS = re.compile(r"(.)\1+")
_TOKEN_CHARS = frozenset("@$*!|._-")
# Three or more single letters with one space between them, and no letter
# right before or after the run ("k u t", not "a b" or "is a test").
_SPACED_LETTERS = re.compile(r"(?<![^\W\d_])(?:[^\W\d_] ){2,}[^\W\d_](?![^\W\d_])")
# Letters (and "?", any non-ASCII character) as "a", a space as " ", the rest
# as ".": a bytes search then finds the rare places worth the regex.
_LETTER_CLASSES = bytes(
    ord("a")
    if chr(c).isalpha() and c < 128 or c == ord("?")
    else ord(" ")
    if c == 32
    else ord(".")
    for c in range(256)
)


def _spaced_letter_runs(text: str, raw: bytes) -> list[re.Match]:
    classes = raw.translate(_LETTER_CLASSES)
    runs, pos = [], classes.find(b"a a a")
    while pos != -1:
        match = _SPACED_LETTERS.match(text, pos)
        if match is not None:
            runs.append(match)
            pos = classes.find(b"a a a", match.end())
        else:
            pos = classes.find(b"a a a", pos + 1)
    return runs


# "f.u.c.k": a single letter between two separators. Each pattern starts with
# a literal so the regex engine can skip ahead at memory speed.
_SPELLED = tuple(
    (
        sep,
        re.compile(
            rf"{re.escape(sep)}(?<=[^\W\d_]{re.escape(sep)})[^\W\d_]{re.escape(sep)}"
        ),
    )
    for sep in "._-"
)


def _triples(raw: bytes) -> list[int]:
    """Offsets where a byte repeats three times (XOR with itself shifted)."""
    if len(raw) < 3:
        return []
    a = int.from_bytes(raw, "big")
    b = int.from_bytes(raw[1:] + b"\0", "big")
    diff = (a ^ b).to_bytes(len(raw), "big")
    out, pos = [], diff.find(b"\0\0")
    while pos != -1:
        out.append(pos)
        pos = diff.find(b"\0\0", pos + 1)
    return out


def suspicious_positions(text: str, scan: Scan) -> list[int]:
    """Offsets worth a closer look: letters mixed with digits or @$*!|, a letter
    repeated three times, or letters spelled out with separators."""
    found: list[int] = []
    mask, raw = scan.mask, scan.raw
    for sym in (b"@", b"$", b"*", b"|", b"!"):
        if sym in raw:
            for pos in scan.positions(sym):
                nxt = mask[pos + 1 : pos + 2]
                if nxt in (b"U", b"l") or (
                    sym != b"!" and mask[pos - 1 : pos] in (b"U", b"l")
                ):
                    found.append(pos)
    for start, end in scan.digit_runs:
        if mask[start - 1 : start] in (b"U", b"l") or mask[end : end + 1] in (
            b"U",
            b"l",
        ):
            found.append(start)
    for pos in _triples(raw.lower()):
        if text[pos].isalpha() and text[pos] == text[pos + 1] == text[pos + 2]:
            found.append(pos)
    for sep, pattern in _SPELLED:
        if sep in text:
            found.extend(m.start() for m in pattern.finditer(text))
    found.sort()
    return found


def _collapse(s: str) -> str:
    return _REPEATS.sub(r"\1", s)


class TermMatcher:
    """Compiled term lists: one automaton plus an index of obfuscatable terms."""

    def __init__(
        self, terms: Iterable[Term], marks: dict[str, str] | None = None
    ) -> None:
        """`marks`: folded phrase → kind, see `claims.claim_marks`."""
        marks = marks or {}
        buckets: dict[str, dict[str, Term]] = {}
        for term in terms:
            if term.list not in LIST_RULES:
                raise ValueError(f"unknown term list {term.list!r} for {term.text!r}")
            key = fold_key(term.text)
            if key:
                buckets.setdefault(key, {})[term.list] = term
        self.automaton = ahocorasick.Automaton()
        for key in buckets.keys() | marks.keys():
            by_list = buckets.get(key, {})
            value = (len(key) + 2, tuple(by_list.values()), marks.get(key))
            self.automaton.add_word(f" {key} ", value)
        self.automaton.make_automaton()
        self.size = len(buckets)
        # Sure profanity by plain spelling (for "f*ck") and by de-duplicated
        # spelling ("asshole" → "ashole", so "a$$$hole" and "fuuuck" match).
        self.sure_plain: dict[str, Term] = {}
        for key, by_list in buckets.items():
            term = by_list.get("profanity")
            if term and term.sureness == "sure" and " " not in key:
                self.sure_plain[key] = term
        self.sure = {_collapse(k): t for k, t in self.sure_plain.items()}

    def match(
        self,
        text: str,
        folded: str,
        index: list[int] | None,
        raw: bytes | None = None,
    ) -> list[Hit]:
        """Word-bounded hits of every list in one pass over the folded text.

        Runs of separators count as one ("project - zeus" is "project zeus").
        """
        if not self.size:
            return []
        if raw is None:
            raw = text.encode("ascii", "replace")
        runs = separator_runs(text, raw)
        collapsed = Collapsed(folded, index, runs) if runs else None
        hits: list[Hit] = []
        marked: list[tuple[str, int, int]] = []
        for end, (klen, terms, mark) in self.automaton.iter(
            f" {collapsed.text if collapsed else folded} "
        ):
            first, last = end - klen + 1, end - 2  # the key's first and last char
            if collapsed:
                first, last = collapsed.original(first), collapsed.original(last)
            start, stop = map_span(text, index, first, last + 1)
            for term in terms:
                hits.append(_term_hit(term, start, stop, text[start:stop]))
            if mark:
                marked.append((mark, start, stop))
        return refine_claims(text, hits, marked) if marked else hits

    def obfuscated(self, text: str, scan: Scan | None = None) -> list[Hit]:
        """Profanity hidden behind leetspeak, repeated letters or separators."""
        if not self.sure:
            return []
        scan = scan or Scan(text)
        hits: list[Hit] = []
        last_end = -1
        n = len(text)
        for pos in suspicious_positions(text, scan):
            if pos < last_end:
                continue
            start = end = pos
            while start and (
                text[start - 1].isalnum() or text[start - 1] in _TOKEN_CHARS
            ):
                start -= 1
            while end < n and (text[end].isalnum() or text[end] in _TOKEN_CHARS):
                end += 1
            while end > start and text[end - 1] in "._-!":
                end -= 1
            last_end = end
            term = self._deobfuscate(text[start:end]) if end > start else None
            if term is not None:
                hits.append(_term_hit(term, start, end, text[start:end]))
        # Letters spelled out with spaces ("k u t"): one word, if it is one.
        for match in _spaced_letter_runs(text, scan.raw):
            term = self._deobfuscate(match.group().replace(" ", ""))
            if term is not None:
                start, end = match.span()
                hits.append(_term_hit(term, start, end, text[start:end]))
        return hits

    def _deobfuscate(self, token: str) -> Term | None:
        raw = fold_token(token).translate(_SEPARATORS)
        if "*" in raw:
            return self._wildcard(raw.translate(_LEET))
        for variant in {
            raw.translate(_LEET),
            raw.translate(_LEET_ALT).translate(_LEET),
        }:
            term = self.sure.get(_collapse(variant))
            if term is not None:
                return term
        return None

    def _wildcard(self, token: str) -> Term | None:
        """'*' hides one letter: "f*ck", "sh*t", "a**hole"."""
        pattern = re.compile(
            "".join("[a-z]" if c == "*" else re.escape(c) for c in token)
        )
        for plain, term in self.sure_plain.items():
            if len(plain) == len(token) and pattern.fullmatch(plain):
                return term
        return None


def _split_alternatives(replacement: str) -> list[str]:
    return [s.strip() for s in replacement.split("|") if s.strip()]


def match_case(source: str, replacement: str) -> str:
    """Give a replacement the capitalisation of the word it replaces."""
    if source.isupper() and len(source) > 1:
        return replacement.upper()
    if source[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _term_hit(term: Term, start: int, end: int, matched: str) -> Hit:
    rule = LIST_RULES[term.list]
    options = _split_alternatives(term.replacement)
    fixes = tuple(Fix("replace", match_case(matched, o)) for o in options)
    params = {"replacement": fixes[0].replacement if fixes else ""}
    return Hit(
        rule,
        start,
        end,
        params,
        fixes,
        severity=term.severity,
        note=term.note,
        downgrade=term.list in _MAYBE_LISTS and term.sureness == "maybe",
    )
