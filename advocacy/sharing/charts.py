"""Bar charts drawn on the server: inline SVG bars, HTML labels. No JS, no CDN.

The bars stretch to any width (the SVG has preserveAspectRatio="none"); the axis
labels are HTML placed in percent, so they keep their size on a phone and on a
wall-sized monitor alike. The numbers are also in a table next to every chart;
the SVG is a picture of them with a summary label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# The SVG's own coordinate system; it is stretched to the box CSS gives it.
VIEW_WIDTH = 1000
VIEW_HEIGHT = 100


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int | float]
    css_class: str  # colours live in CSS: .chart-bar.<css_class>


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _short(value: float) -> str:
    return f"{value:g}" if value < 10_000 else f"{value / 1000:g}k"


def bar_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    label_every: int | None = None,
) -> SafeString:
    """Grouped bars, one group per label; labels thinned out to stay legible."""
    count = len(labels)
    if not count or not series:
        return SafeString("")
    top = _nice_max(max((max(s.values or [0]) for s in series), default=0))
    slot = VIEW_WIDTH / count
    bar = slot * 0.8 / len(series)
    label_every = label_every or max(1, round(count / 7))
    bars = []
    for fraction in (0.5, 1):
        y = VIEW_HEIGHT * (1 - fraction)
        bars.append(
            f'<line class="chart-grid" x1="0" x2="{VIEW_WIDTH}" y1="{y:g}" '
            f'y2="{y:g}" vector-effect="non-scaling-stroke"/>'
        )
    # Escaped once: a chart of two years draws 1,460 bars.
    names = [(escape(s.css_class), escape(s.name)) for s in series]
    for index, label in enumerate(labels):
        x0 = index * slot + slot * 0.1
        shown = escape(label)
        for n, s in enumerate(series):
            value = s.values[index] if index < len(s.values) else 0
            height = VIEW_HEIGHT * value / top
            css_class, name = names[n]
            bars.append(
                f'<rect class="chart-bar {css_class}" '
                f'x="{x0 + n * bar:.2f}" y="{VIEW_HEIGHT - height:.2f}" '
                f'width="{bar:.2f}" height="{height:.2f}"><title>{shown} · '
                f"{name}: {value:g}</title></rect>"
            )
    y_labels = "".join(
        f'<span class="chart-y" style="bottom: {fraction * 100:g}%">'
        f"{_short(top * fraction)}</span>"
        for fraction in (0, 0.5, 1)
    )
    x_labels = "".join(
        f'<span class="chart-x" style="left: {(index + 0.5) * 100 / count:.3f}%">'
        f"{escape(label)}</span>"
        for index, label in enumerate(labels)
        if index % label_every == 0
    )
    return mark_safe(  # noqa: S308 - every input is escaped above
        f'<figure class="chart"><div class="chart-plot">{y_labels}'
        f'<svg viewBox="0 0 {VIEW_WIDTH} {VIEW_HEIGHT}" preserveAspectRatio="none" '
        f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(bars)}</svg></div>"
        f'<div class="chart-xaxis" aria-hidden="true">{x_labels}</div></figure>'
    )


def legend(series: Sequence[Series]) -> SafeString:
    items = format_html_join(
        "",
        '<li><span class="chart-key {}"></span>{}</li>',
        ((s.css_class, s.name) for s in series),
    )
    return format_html('<ul class="chart-legend">{}</ul>', items)
