"""Which of our languages (nl, en) a text is written in, from its little words.

A heuristic on purpose: told apart are only Dutch and English, which share few
function words, and the story editor asks about a sentence or more. A general
language detector (lingua ships ~96 MB of models) would be heavy for that.
Plain Python, no Django: fast to test.
"""

from __future__ import annotations

import re

# Frequent function words that are (nearly) never words of the other language.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "nl": frozenset(
        "de het een en van ik je jij wij zij ze zijn niet op te dat "
        "met voor aan er maar om ook als bij nog wel naar uit dan dit wat "
        "geen worden wordt heeft hebben waren kan zal onze ons mijn jullie "
        "hoe waar wie veel meer tot onder al heel echt nieuwe".split()
    ),
    "en": frozenset(
        "the a an and i you we they she he are were not on to that "
        "this with for at but also if by still well from then what or no be "
        "been has have had can will our us my your how where who much more "
        "through until about all very really new it its which their".split()
    ),
}
MIN_HITS = 3  # fewer function words than this: too short to say
MIN_RATIO = 2.0  # the winner needs at least twice the other's hits

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def guess_language(text: str) -> str | None:
    """'nl' or 'en' when the text clearly reads as one of them, else None."""
    hits = dict.fromkeys(FUNCTION_WORDS, 0)
    for word in _WORD.findall(text.lower()):
        for code, words in FUNCTION_WORDS.items():
            if word in words:
                hits[code] += 1
    (best, best_hits), (_other, other_hits) = sorted(
        hits.items(), key=lambda item: item[1], reverse=True
    )
    if best_hits < MIN_HITS or best_hits < MIN_RATIO * other_hits:
        return None
    return best
