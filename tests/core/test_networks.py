"""The network registry: every room reads it, so every network must be complete."""

import string

import pytest

from advocacy.guidelines.engine import count_for_network
from advocacy.sharing.forms import ShareForm
from advocacy.sharing.intents import share_intent
from core import networks

PLACEHOLDERS = {"text", "link", "post", "subject", "host"}


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_networks_codes_are_unique_and_the_default_is_one_of_them():
    assert len(networks.CODES) == len(networks.NETWORKS)
    assert networks.DEFAULT in networks.BY_CODE


@pytest.mark.parametrize("network", networks.NETWORKS, ids=lambda n: n.code)
def test_networks_record_is_complete(network):
    assert network.code and network.code == network.code.lower()
    assert network.label
    assert network.counting in networks.COUNTING_RULES
    assert network.limit > 0
    assert len(network.name_in_sentence) == 2
    assert fields(network.intent) <= PLACEHOLDERS
    if network.url_only:
        assert fields(network.intent) >= {"link"}
        assert not fields(network.intent) & {"text", "post"}
    if not network.copy_only:
        assert fields(network.intent) & {"link", "post"}, "the link must reach the post"


@pytest.mark.parametrize("code", networks.CODES)
def test_networks_every_room_handles_every_network(code):
    used, limit = count_for_network("Hallo 👋", code, appended_url="https://e.x/s/a")
    expected_limit = 500 if code == "mastodon" else networks.get(code).limit
    assert 0 < used <= limit == expected_limit
    intent = share_intent(
        code, text="hi", link="https://e.x/s/a", mastodon_instance="m.example"
    )
    assert intent.url or intent.copy_first
    assert code in dict(ShareForm().fields["network"].choices)


def test_networks_unknown_code_is_refused_everywhere():
    with pytest.raises(ValueError, match="myspace"):
        networks.get("myspace")
    with pytest.raises(ValueError):
        count_for_network("hi", "myspace")
    with pytest.raises(ValueError):
        share_intent("myspace", text="hi", link="https://e.x/s/a")


def test_networks_unrewarded_by_default_follows_the_records():
    expected = [n.code for n in networks.NETWORKS if not n.rewarded_by_default]
    assert networks.unrewarded_by_default() == expected
