"""Employment disclosure for promotional posts.

When a post promotes the employer (or sharing it earns points), readers must
be able to see that the author works there. The check looks for the
configured phrases with the company name filled in, folded the same way as
term matching so "#CoolBlueMedewerker" and "ik werk bij Coolblue" both count.
A tag like #spon, or a disclosure hidden behind a heap of trailing hashtags,
is treated as too weak.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .textnorm import fold_key, map_span
from .types import Fix, Hit, RulesetConfig

_GENERIC = ("ik werk bij", "ik werk voor", "i work at", "i work for", "my employer")
BURIED_AFTER = 3


@dataclass(frozen=True, slots=True)
class DisclosureIndex:
    """Folded phrases and the weak-tag pattern for one ruleset.

    Phrases containing the company name are stored as (anchor, offset, needle):
    the post is searched for the short anchor (the folded company name) and
    each phrase is then verified in place, instead of searching the whole post
    once per phrase.
    """

    anchored: tuple[tuple[str, int, str], ...]
    needles: tuple[str, ...]
    weak: re.Pattern[str] | None
    company: str
    literal: re.Pattern[str] | None = None


def build_disclosure(config: RulesetConfig) -> DisclosureIndex:
    """Pre-fold the disclosure phrases once per compiled ruleset."""
    company = config.company_name.strip()
    needles: set[str] = set()
    anchored: set[tuple[str, int, str]] = set()
    names = {company, company.replace(" ", "")} if company else set()
    literal: list[str] = []
    for pattern in config.disclosure_patterns:
        if "{company}" not in pattern:
            if _is_marked(pattern):
                literal.append(pattern.strip())
            else:
                needles.add(fold_key(pattern))
            continue
        for name in names:
            if pattern.startswith("#") and " " in name:
                continue
            anchor = fold_key(name)
            key = fold_key(pattern.replace("{company}", name))
            if anchor and anchor in key:
                anchored.add((anchor, key.index(anchor), key))
    if not company:
        needles.update(fold_key(p) for p in _GENERIC)
    tags = [re.escape(t) for t in config.weak_disclosure_tags if t]
    weak = (
        re.compile(rf"(?<![\w#])(?:{'|'.join(tags)})(?!\w)", re.IGNORECASE)
        if tags
        else None
    )
    padded = tuple(sorted(f" {n} " for n in needles if n))
    marked = (
        re.compile(
            "|".join(
                rf"(?<![\w#]){re.escape(p)}(?!\w)"
                for p in sorted(literal, key=len, reverse=True)
            ),
            re.IGNORECASE,
        )
        if literal
        else None
    )
    return DisclosureIndex(tuple(sorted(anchored)), padded, weak, company, marked)


def _is_marked(pattern: str) -> bool:
    """ "#medewerker" or "(werknemer)": the mark is what makes it a disclosure, so
    the phrase is looked for as written rather than folded to a bare word."""
    pattern = pattern.strip()
    return bool(pattern) and not (pattern[0].isalnum() and pattern[-1].isalnum())


def _trailing_block(
    text: str, hashtags: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The hashtags that form an unbroken block at the very end of the post."""
    block: list[tuple[int, int]] = []
    boundary = len(text)
    for start, end in reversed(hashtags):
        if text[end:boundary].strip(" \t\r\n.,;·|"):
            break
        block.append((start, end))
        boundary = start
    block.reverse()
    return block


def check_disclosure(
    text: str,
    folded: str,
    index: list[int] | None,
    hashtags: list[tuple[int, int]],
    disclosure: DisclosureIndex,
    sentence: str,
) -> list[Hit]:
    """Disclosure.Missing / Disclosure.Weak hits for a promotional post."""
    padded = f" {folded} "
    found: list[tuple[int, int]] = []
    for needle in disclosure.needles:
        pos = padded.find(needle)
        while pos != -1:
            found.append(map_span(text, index, pos, pos + len(needle) - 2))
            pos = padded.find(needle, pos + 1)
    for anchor in {a for a, _, _ in disclosure.anchored}:
        pos = folded.find(anchor)
        while pos != -1:
            for a, offset, key in disclosure.anchored:
                start = pos - offset
                end = start + len(key)
                if (
                    a == anchor
                    and start >= 0
                    and folded.startswith(key, start)
                    and (start == 0 or folded[start - 1] == " ")
                    and (end == len(folded) or folded[end] == " ")
                ):
                    found.append(map_span(text, index, start, end))
            pos = folded.find(anchor, pos + 1)
    if disclosure.literal is not None:
        found += [m.span() for m in disclosure.literal.finditer(text)]
    block = _trailing_block(text, hashtags)
    buried_from = block[BURIED_AFTER][0] if len(block) > BURIED_AFTER else len(text) + 1
    if any(start < buried_from for start, _ in found):
        return []
    params = {"disclosure": sentence}
    if found:
        start, end = min(found)
        tag = text[start:end]
        if tag[:1] != "#" and start and text[start - 1] == "#":
            tag = "#" + tag
        fix = (Fix("add_disclosure", f"{sentence}\n\n"),)
        params = {**params, "tag": tag, "variant": "buried"}
        return [Hit("Disclosure.Weak", block[0][0], block[0][0], params, fix)]
    weak = disclosure.weak.search(text) if disclosure.weak else None
    if weak:
        fix = (Fix("add_disclosure", sentence),)
        return [Hit("Disclosure.Weak", weak.start(), weak.end(), params, fix)]
    body = text.rstrip()
    glue = "\n\n" if body else ""
    fix = (Fix("add_disclosure", glue + sentence),)
    return [Hit("Disclosure.Missing", len(body), len(body), params, fix)]
