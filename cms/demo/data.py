"""The demo's campaigns, and what describes one demo story; plain data only."""

from __future__ import annotations

from dataclasses import dataclass, field

CAMPAIGNS = [
    # slug, name, colour, starts (days from today), ends, goal, share target
    (
        "werken-bij",
        "Werken bij Stroomwijs",
        "#E4572E",
        -30,
        60,
        "Twintig nieuwe collega's vinden via het netwerk van onze eigen mensen.",
        400,
    ),
    (
        "app-3",
        "Stroomwijs App 3.0",
        "#0B5FFF",
        -10,
        30,
        "Make the launch of the new app visible in every employee's network.",
        250,
    ),
    (
        "duurzaam-doen",
        "Duurzaam doen",
        "#2A9D8F",
        -60,
        None,
        "Laten zien wat we echt doen voor het klimaat: met cijfers, "
        "zonder greenwashing.",
        None,
    ),
]


@dataclass
class DemoStory:
    """One demo story: its page fields, share texts and the hero image to draw."""

    slug: str
    title: str
    language: str
    intro: str
    paragraphs: list[str]
    word: str  # the big word on the generated hero image
    colours: tuple[str, str]
    topics: list[str]
    suggestions: dict[str, tuple[str, str]] = field(default_factory=dict)
    campaign: str | None = None
    departments: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    featured: bool = False
    promotional: bool = False
    quote: tuple[str, str] | None = None
    cta: tuple[str, str, str] | None = None  # heading, button label, url
    days_ago: int = 1
    share_count: int = 0
    go_live_in_days: int | None = None
    expire_in_days: int | None = None
    version_of: str | None = None  # slug of the same story in another language
