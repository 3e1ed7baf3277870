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
    ),
    Network(
        "x",
        "X",
        COUNT_X_WEIGHTED,
        280,
        "https://x.com/intent/tweet?text={text}&url={link}",
    ),
    Network(
        "facebook",
        "Facebook",
        COUNT_CHARACTERS,
        63206,
        "https://www.facebook.com/sharer/sharer.php?u={link}",
        url_only=True,
    ),
    Network(
        "threads",
        "Threads",
        COUNT_CHARACTERS,
        500,
        "https://www.threads.net/intent/post?text={post}",
        hashtag_cap=1,
    ),
    Network(
        "bluesky",
        "Bluesky",
        COUNT_GRAPHEMES,
        300,
        "https://bsky.app/intent/compose?text={post}",
        max_bytes=3000,
    ),
    Network(
        "mastodon",
        "Mastodon",
        COUNT_MASTODON,
        500,
        "https://{host}/share?text={post}",
    ),
    Network(
        "whatsapp", "WhatsApp", COUNT_CHARACTERS, 65536, "https://wa.me/?text={post}"
    ),
    Network(
        "email",
        gettext_noop("Email"),
        COUNT_CHARACTERS,
        100_000,
        "mailto:?subject={subject}&body={post}",
        name_in_sentence=("e-mail", "e-mail"),
    ),
    Network("instagram", "Instagram", COUNT_CHARACTERS, 2200, "", mention_cap=20),
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


def unrewarded_by_default() -> list[str]:
    """The default of the sharing settings' "networks without rewards"."""
    return [network.code for network in NETWORKS if not network.rewarded_by_default]
