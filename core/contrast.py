"""Colour contrast as WCAG 2 measures it: text on a coloured chip must stay readable.

Plain Python (no Django), so anything that puts text on a colour chosen by a
person (a campaign's chip) can ask which ink reads best.
"""

from __future__ import annotations

import re

_HEX = re.compile(r"#?([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})")

INK = "#14213d"  # the site's text colour
WHITE = "#ffffff"
BLACK = "#000000"
AA_NORMAL_TEXT = 4.5  # WCAG 2 AA for text under 18.66 px bold / 24 px


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour (0 black … 1 white)."""
    match = _HEX.fullmatch(colour.strip())
    if not match:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    channels = []
    for part in match.groups():
        value = int(part, 16) / 255
        linear = value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
        channels.append(linear)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours, from 1.0 to 21.0."""
    lighter, darker = sorted(
        (relative_luminance(first), relative_luminance(second)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def readable_ink(background: str) -> str:
    """The text colour for `background` with the higher WCAG contrast ratio.

    The site's ink or white when one of them reaches AA (4.5:1); on the few
    mid-tone colours where neither does, pure black or white, one of which always
    reaches it. A colour that is not #rrggbb gets white (the chip then shows the
    default brand blue).
    """
    try:
        candidates = [(contrast_ratio(ink, background), ink) for ink in (INK, WHITE)]
    except ValueError:
        return WHITE
    ratio, ink = max(candidates)
    if ratio >= AA_NORMAL_TEXT:
        return ink
    return max((contrast_ratio(i, background), i) for i in (BLACK, WHITE))[1]
