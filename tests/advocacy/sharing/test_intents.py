"""Share intents: every network gets the text and link intact, encoded."""

from urllib.parse import parse_qs, urlsplit

import pytest

from advocacy.sharing.intents import (
    mastodon_host,
    post_text,
    share_intent,
)
from core import networks

TEXT = "Trots op R&D 🎉 #1 team?\nNieuwe regel: 50% sneller = beter"
LINK = "https://boegbeeld.example/s/Ab3dE5gH"


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


@pytest.mark.parametrize(
    ("network", "prefix", "param"),
    [
        ("threads", "https://www.threads.net/intent/post?text=", "text"),
        ("bluesky", "https://bsky.app/intent/compose?text=", "text"),
        ("whatsapp", "https://wa.me/?text=", "text"),
    ],
)
def test_intent_text_networks_keep_emoji_ampersand_hash_and_newlines(
    network, prefix, param
):
    intent = share_intent(network, text=TEXT, link=LINK)
    assert intent.url.startswith(prefix)
    assert not intent.copy_first
    assert query(intent.url) == {param: f"{TEXT}\n\n{LINK}"}
    raw = intent.url[len(prefix) :]
    for char in ("&", "#", "\n", " ", "🎉", "?", "="):
        assert char not in raw


def test_intent_x_passes_text_and_url_separately():
    intent = share_intent("x", text=TEXT, link=LINK)
    assert intent.url.startswith("https://x.com/intent/tweet?text=")
    assert query(intent.url) == {"text": TEXT, "url": LINK}
    assert "%F0%9F%8E%89" in intent.url and "%0A" in intent.url
    assert "%23" in intent.url and "%26" in intent.url


@pytest.mark.parametrize(
    ("network", "prefix", "param"),
    [
        ("linkedin", "https://www.linkedin.com/sharing/share-offsite/?url=", "url"),
        ("facebook", "https://www.facebook.com/sharer/sharer.php?u=", "u"),
    ],
)
def test_intent_url_only_networks_copy_the_text_first(network, prefix, param):
    intent = share_intent(network, text=TEXT, link=LINK)
    assert intent.url == f"{prefix}https%3A%2F%2Fboegbeeld.example%2Fs%2FAb3dE5gH"
    assert query(intent.url) == {param: LINK}
    assert intent.copy_first


def test_intent_mastodon_uses_the_employees_instance():
    intent = share_intent(
        "mastodon", text=TEXT, link=LINK, mastodon_instance="https://Mastodon.Social/"
    )
    assert intent.url.startswith("https://mastodon.social/share?text=")
    assert query(intent.url) == {"text": f"{TEXT}\n\n{LINK}"}


def test_intent_mastodon_without_instance_asks_for_it():
    intent = share_intent("mastodon", text=TEXT, link=LINK, mastodon_instance="")
    assert intent.url is None
    assert intent.missing == "mastodon_instance"


@pytest.mark.parametrize(
    ("typed", "host"),
    [
        ("mastodon.social", "mastodon.social"),
        ("@eva@fosstodon.org", "fosstodon.org"),
        ("eva@toot.community", "toot.community"),
        ("https://social.example.nl", "social.example.nl"),
        ("https://evil.example/phish?x=", None),
        ("javascript:alert(1)", None),
        ("https://user:pw@host.example", None),
        ("not a host", None),
        ("localhost", None),
    ],
)
def test_mastodon_host_accepts_only_a_plain_host(typed, host):
    assert mastodon_host(typed) == host


def test_intent_email_has_subject_and_body():
    intent = share_intent("email", text=TEXT, link=LINK, subject="R&D news #1")
    assert intent.url.startswith("mailto:?subject=R%26D%20news%20%231&body=")
    assert query(intent.url) == {"subject": "R&D news #1", "body": f"{TEXT}\n\n{LINK}"}


def test_intent_instagram_is_copy_only():
    intent = share_intent("instagram", text=TEXT, link=LINK)
    assert intent.url is None and intent.copy_first and intent.missing is None


def test_intent_every_offered_network_is_handled():
    for network in networks.CODES:
        share_intent(network, text="hi", link=LINK, mastodon_instance="m.example")
    with pytest.raises(ValueError):
        share_intent("myspace", text="hi", link=LINK)


def test_post_text_appends_the_link_once():
    assert post_text("Hello  \n", LINK) == f"Hello\n\n{LINK}"
    assert post_text("", LINK) == LINK
