"""The one registry of social networks: everything else reads it.

Plain Python (no Django) so the guideline engine and the share intents can use
it too. Adding a network means adding one `Network` record here; the CMS
choices, the composer, the intents, the guideline engine's length counting and
the guidelines page all follow, and `tests/core/test_networks.py` fails when a
record lacks a part another room relies on.

Intent templates are filled with percent-encoded values:
`{text}` the employee's text, `{link}` the tracked link, `{post}` text and link
as published, `{subject}` a mail subject, `{host}` the employee's Mastodon server.
"""

from __future__ import annotations

from dataclasses import dataclass


def gettext_noop(message: str) -> str:
    """Marks a label for translation; it is translated where it is shown."""
    return message


# How a network counts a post's length (implemented in the guideline engine).
COUNT_CHARACTERS = "characters"  # code points, like LinkedIn's and Facebook's
COUNT_X_WEIGHTED = "x_weighted"  # twitter-text v3: weights, URLs as 23
COUNT_GRAPHEMES = "graphemes"  # what a reader sees as one character
COUNT_MASTODON = "mastodon"  # graphemes, URLs fixed, @user@domain as @user
COUNTING_RULES = (COUNT_CHARACTERS, COUNT_X_WEIGHTED, COUNT_GRAPHEMES, COUNT_MASTODON)


@dataclass(frozen=True)
class Network:
    code: str
    label: str  # a brand name, or a word marked with gettext_noop
    counting: str  # one of COUNTING_RULES
    limit: int  # the length limit in the counting rule's unit
    # The network's "new post" screen, or "" when there is none (copy and paste).
    intent: str
    name_in_sentence: tuple[str, str] = ("", "")  # (nl, en) inside a finding
    url_only: bool = False  # the intent takes the link only: copy the text first
    max_bytes: int | None = None  # a size cap besides the length limit
    hashtag_cap: int | None = None
    mention_cap: int | None = None
    rewarded_by_default: bool = True  # points for sharing here, unless turned off
    # The user-agent names of the network's link-preview fetcher, as it writes
    # them: when one fetches a tracked link, the post reached the network.
    crawlers: tuple[str, ...] = ()

    @property
    def copy_only(self) -> bool:
        return not self.intent

    @property
    def needs_server(self) -> bool:
        """The intent opens the employee's own server (Mastodon: set in the profile)."""
        return "{host}" in self.intent

    def sentence_name(self, locale: str) -> str:
        nl, en = self.name_in_sentence
        return (nl if locale == "nl" else en) or self.label


# In the order the composer offers them.
NETWORKS: tuple[Network, ...] = (
    Network(
        "linkedin",
        "LinkedIn",
        COUNT_CHARACTERS,
        3000,
        "https://www.linkedin.com/sharing/share-offsite/?url={link}",
        url_only=True,
        crawlers=("LinkedInBot",),
    ),
    Network(
        "x",
        "X",
        COUNT_X_WEIGHTED,
        280,
        "https://x.com/intent/tweet?text={text}&url={link}",
        crawlers=("Twitterbot",),
    ),
    Network(
        "facebook",
        "Facebook",
        COUNT_CHARACTERS,
        63206,
        "https://www.facebook.com/sharer/sharer.php?u={link}",
        url_only=True,
        crawlers=("facebookexternalhit",),
    ),
    Network(
        "threads",
        "Threads",
        COUNT_CHARACTERS,
        500,
        "https://www.threads.net/intent/post?text={post}",
        hashtag_cap=1,
        crawlers=("facebookexternalhit",),  # Meta's fetcher, as for Facebook
    ),
    Network(
        "bluesky",
        "Bluesky",
        COUNT_GRAPHEMES,
        300,
        "https://bsky.app/intent/compose?text={post}",
        max_bytes=3000,
        crawlers=("Bluesky Cardyb", "Cardyb"),
    ),
    Network(
        "mastodon",
        "Mastodon",
        COUNT_MASTODON,
        500,
        "https://{host}/share?text={post}",
        crawlers=("Mastodon",),  # "http.rb/5.2.0 (Mastodon/4.3.0; +https://…/)"
    ),
    Network(
        "whatsapp",
        "WhatsApp",
        COUNT_CHARACTERS,
        65536,
        "https://wa.me/?text={post}",
        crawlers=("WhatsApp",),
    ),
    Network(
        "email",
        gettext_noop("Email"),
        COUNT_CHARACTERS,
        100_000,
        "mailto:?subject={subject}&body={post}",
        name_in_sentence=("e-mail", "e-mail"),
    ),
    Network(
        "instagram",
        "Instagram",
        COUNT_CHARACTERS,
        2200,
        "",
        mention_cap=20,
        crawlers=("facebookexternalhit",),  # Meta's fetcher, as for Facebook
    ),
)

BY_CODE: dict[str, Network] = {network.code: network for network in NETWORKS}
CODES: tuple[str, ...] = tuple(BY_CODE)
DEFAULT = "linkedin"  # where a composer or a check starts when none is chosen


def get(code: str) -> Network:
    """The network with `code`; ValueError names the known ones otherwise."""
    try:
        return BY_CODE[code]
    except KeyError:
        raise ValueError(f"unknown network {code!r}; expected one of {CODES}") from None


def preview_crawler(user_agent: str, *, network: str = "") -> tuple[str, str] | None:
    """(network code, crawler name) when `user_agent` is a network's link-preview
    fetcher, else None. Several networks share one fetcher (Meta's): the share's
    own `network` is preferred, then the registry's order."""
    agent = (user_agent or "").lower()
    if not agent:
        return None
    own = BY_CODE.get(network)
    for candidate in (own, *NETWORKS) if own else NETWORKS:
        for crawler in candidate.crawlers:
            if crawler.lower() in agent:
                return candidate.code, crawler
    return None


def unrewarded_by_default() -> list[str]:
    """The default of the sharing settings' "networks without rewards"."""
    return [network.code for network in NETWORKS if not network.rewarded_by_default]
