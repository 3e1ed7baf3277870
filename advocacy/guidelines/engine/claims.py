"""Claims beyond a word list: comparatives near a competitor, and near misses.

The claim terms themselves are an ordinary term list (data/claims.tsv). Two more
lists refine them and ride along in the same automaton:

* comparatives (data/claims_comparative.tsv) are a claim only with a
  competitor's name close by in the same clause: "goedkoper dan Bol.com";
* phrases that contain a claim but are none (data/claims_not.tsv): "de beste
  wensen" holds "de beste" and is a wish.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .textnorm import fold_key
from .types import Hit

COMPARATIVE = "comparative"
NOT_A_CLAIM = "not_a_claim"
_DATA = Path(__file__).resolve().parent / "data"
_NEAR = 40  # at most this many characters between comparative and competitor
_CLAUSE_END = frozenset(".,;:!?\n()")


def _keys(name: str) -> list[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    cells = (line.split("\t")[0] for line in lines if not line.startswith("#"))
    return [key for key in map(fold_key, cells) if key]


@cache
def claim_marks() -> dict[str, str]:
    """Folded phrase → COMPARATIVE or NOT_A_CLAIM, from the shipped lists."""
    marks = dict.fromkeys(_keys("claims_comparative.tsv"), COMPARATIVE)
    marks.update(dict.fromkeys(_keys("claims_not.tsv"), NOT_A_CLAIM))
    return marks


def refine_claims(
    text: str,
    hits: list[Hit],
    marked: list[tuple[str, int, int]],
) -> list[Hit]:
    """Drop claims inside a near miss; add comparatives next to a competitor."""
    spared = [(s, e) for kind, s, e in marked if kind == NOT_A_CLAIM]
    if spared:
        hits = [
            h
            for h in hits
            if h.rule != "Claims.Forbidden"
            or not any(s <= h.start and h.end <= e for s, e in spared)
        ]
    comparatives = [(s, e) for kind, s, e in marked if kind == COMPARATIVE]
    competitors = [h for h in hits if h.rule == "Competitor.Mention"]
    if not (comparatives and competitors):
        return hits
    for c_start, c_end in comparatives:
        for comp in competitors:
            start, end = min(c_start, comp.start), max(c_end, comp.end)
            gap = text[min(c_end, comp.end) : max(c_start, comp.start)]
            if len(gap) <= _NEAR and _CLAUSE_END.isdisjoint(gap):
                hits.append(Hit("Claims.Forbidden", start, end))
                break
    return hits
