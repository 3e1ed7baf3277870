"""Length counting per network: each network's own notion of a character."""

import pytest

from advocacy.guidelines.engine import count_for_network
from advocacy.guidelines.engine.graphemes import count_graphemes, iter_clusters
from core.networks import CODES as NETWORKS

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
LONG_URL = "https://example.com/" + "a" * 80  # 100 characters


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello", 5),
        ("😀", 2),
        (FAMILY, 2),
        ("👍🏽", 2),
        ("🇳🇱", 2),
        ("1️⃣", 2),
        ("你好", 4),
        ("café", 4),
        ("cafe\u0301", 4),  # NFC first: e + combining acute becomes é
        (LONG_URL, 23),
        (f"see {LONG_URL} now", 4 + 23 + 4),
        ("example.com", 23),
        ("\u2018quoted\u2019", 8),  # U+2018/2019 are in the weight-1 range
    ],
)
def test_count_x_weighted_length(text, expected):
    assert len(LONG_URL) == 100
    used, limit = count_for_network(text, "x")
    assert (used, limit) == (expected, 280)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (FAMILY, 1),
        ("e\u0301", 1),
        ("é", 1),
        ("🇳🇱🇧🇪", 2),
        ("a\r\nb", 3),
        ("👍🏽!", 2),
        ("abc", 3),
    ],
)
def test_count_bluesky_graphemes(text, expected):
    assert count_for_network(text, "bluesky") == (expected, 300)
    assert count_graphemes(text) == expected


def test_graphemes_clusters_have_code_point_offsets():
    assert iter_clusters("a👍🏽b") == [(0, 1), (1, 3), (3, 4)]


def test_count_mastodon_remote_mentions_and_urls():
    text = f"hi @anna@mastodon.social see {LONG_URL}"
    # "hi " + "@anna" + " see " + 23
    assert count_for_network(text, "mastodon") == (3 + 5 + 5 + 23, 500)
    assert count_for_network("x", "mastodon", mastodon_limit=11000) == (1, 11000)
    assert count_for_network(LONG_URL, "mastodon", mastodon_url_length=30)[0] == 30


def test_count_appended_url_is_included_with_a_space():
    used, _ = count_for_network("hello", "linkedin", appended_url="https://b.nl/x")
    assert used == len("hello https://b.nl/x")
    assert count_for_network("hello", "x", appended_url=LONG_URL)[0] == 5 + 1 + 23


@pytest.mark.parametrize(
    ("network", "limit"),
    [
        ("linkedin", 3000),
        ("x", 280),
        ("facebook", 63206),
        ("instagram", 2200),
        ("threads", 500),
        ("bluesky", 300),
        ("mastodon", 500),
        ("whatsapp", 65536),
        ("email", 100_000),
    ],
)
def test_count_limits_per_network(network, limit):
    assert network in NETWORKS
    assert count_for_network("abc", network) == (3, limit)


def test_count_unknown_network_raises():
    with pytest.raises(ValueError, match="unknown network"):
        count_for_network("abc", "myspace")


# Mastodon's rules (docs.joinmastodon.org/user/posting, StatusLengthValidator):
# graphemes; a link with http(s):// counts 23 whatever its length (a bare domain
# is plain text); for @user@domain only @user counts; e-mail addresses are text.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a" * 500, 500),
        ("😀" * 500, 500),
        (FAMILY, 1),
        ("🇳🇱", 1),
        ("e\u0301", 1),
        ("http://example.com", 23),
        (LONG_URL, 23),
        (f"{LONG_URL} {LONG_URL}", 23 + 1 + 23),
        ("example.com", 11),
        ("zie example.com/vacature", 24),
        ("@anna", 5),
        ("@anna@mastodon.social", 5),
        ("@anna@mastodon.social!", 6),
        ("anna@example.com", 16),
    ],
)
def test_count_mastodon_table(text, expected):
    assert count_for_network(text, "mastodon") == (expected, 500)


# Bluesky's rules (app.bsky.feed.post: text maxGraphemes 300, maxLength 3000
# bytes): graphemes are Unicode extended grapheme clusters (UAX #29), so Hangul
# jamo join by GB6-GB8: L x (L|V|LV|LVT), (LV|V) x (V|T), (LVT|T) x T.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u1100\u1161\u11a8", 1),  # L V T, the jamo of 각
        ("\u1100\u1161", 1),  # L V
        ("\u1100\u1100\u1161", 1),  # L L V
        ("\u1100\uac00", 1),  # L LV
        ("\u1161\u11a8", 1),  # V T
        ("\u11a8\u11a8", 1),  # T T
        ("\uac00\u1161", 1),  # LV V
        ("\uac00\u11a8", 1),  # LV T
        ("\uac01\u11a8", 1),  # LVT T
        ("\uac01\u1161", 2),  # LVT then V: no rule joins them
        ("\u1161\u1100", 2),  # V then L
        ("\u11a8\u1161", 2),  # T then V
        ("\u1100\u1161\u0301", 1),  # a mark extends the syllable
        ("한국어", 3),
        ("\u1100\u1161\u11a8\u1102\u1161", 2),  # 각 + 나
        ("a\u1100\u1161", 2),
    ],
)
def test_count_bluesky_hangul_jamo(text, expected):
    assert count_for_network(text, "bluesky") == (expected, 300)


def test_count_bluesky_limit_is_300_graphemes():
    assert count_for_network("\u1100\u1161\u11a8" * 300, "bluesky") == (300, 300)
    assert count_for_network(FAMILY * 301, "bluesky") == (301, 300)
