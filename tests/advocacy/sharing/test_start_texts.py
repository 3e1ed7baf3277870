"""Suggested texts pass the company's own guidelines the first time, and the
disclosure fix speaks the post's language, not the interface's."""

import pytest
from django.core.management import call_command

from accounts.models import User
from advocacy.guidelines.models import GuidelineSettings
from advocacy.sharing.models import Share
from advocacy.sharing.points import points_enabled_for
from advocacy.sharing.services import share_create, share_start_text
from cms.models import StoryPage
from core import networks
from tests.advocacy.sharing.sharing_support import *  # noqa: F403
from tests.factories import story_page_factory

pytestmark = pytest.mark.django_db

CHECK = "/api/v1/guidelines/check"


def composer_check(client, story, network, text, locale=None):
    """The check exactly as the composer asks it for this story and network."""
    payload = {
        "text": text,
        "network": network,
        "promotional": story.promotional or points_enabled_for(network),
        "language": story.language,
    }
    if locale:
        payload["locale"] = locale
    response = client.post(CHECK, payload, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def acme():
    row = GuidelineSettings.load()
    row.company_name = "Stroomwijs"
    row.save()
    return row


def test_start_text_of_every_demo_story_and_network_is_accepted_as_it_is(
    client, settings
):
    settings.GUIDELINES_CHECK_RATE_LIMIT = 10_000
    call_command("seed_demo")
    eva = User.objects.get(email="employee@example.com")
    eva.profile.mastodon_instance = "mastodon.social"
    eva.profile.save()
    client.force_login(eva)
    stories = list(StoryPage.objects.order_by("pk"))
    assert len(stories) >= 12
    before = Share.objects.filter(user=eva).count()
    refused = []
    disclosed = 0
    for story in stories:
        for network in networks.CODES:
            text = share_start_text(story=story, network=network)
            report = composer_check(client, story, network, text)
            if not report["ok"] or any(
                f["rule"].startswith("Disclosure") for f in report["findings"]
            ):
                refused.append((story.slug, network, report["findings"]))
                continue
            share = share_create(user=eva, story=story, network=network, text=text)
            assert share.text == text.strip()
            if story.promotional or points_enabled_for(network):
                sentence = (
                    "Ik werk bij Stroomwijs."
                    if story.language == "nl"
                    else "I work at Stroomwijs."
                )
                assert sentence in text, (story.slug, network, text)
                disclosed += 1
    assert refused == []
    assert disclosed > 0  # the demo rewards some networks and has promotions
    created = Share.objects.filter(user=eva).count() - before
    assert created == len(stories) * len(networks.CODES)


def test_start_text_uses_the_intro_and_the_story_language(acme):
    story = story_page_factory(
        language="nl",
        promotional=True,
        intro="Onze nieuwe app is er: alles over je energie in één oogopslag.",
    )
    text = share_start_text(story=story, network="linkedin")
    assert text == (
        "Onze nieuwe app is er: alles over je energie in één oogopslag.\n\n"
        "Ik werk bij Stroomwijs."
    )


def test_start_text_is_cut_to_fit_the_network_with_the_disclosure_whole(
    client, employee, acme
):
    intro = ("Our new app shows your energy use at a glance, hour by hour. " * 5)[:300]
    story = story_page_factory(language="en", promotional=True, intro=intro)
    text = share_start_text(story=story, network="x")
    assert text.endswith("…\n\nI work at Stroomwijs.")
    client.force_login(employee)
    report = composer_check(client, story, "x", text)
    assert report["ok"], report["findings"]
    assert report["length"]["used"] <= report["length"]["limit"]
    assert report["length"]["used"] > report["length"]["limit"] - 20  # not cut short


def test_start_text_keeps_a_disclosure_comms_already_wrote(acme):
    story = story_page_factory(
        language="en",
        promotional=True,
        suggestions=(("linkedin", "New vacancy in my team! I work at Stroomwijs."),),
    )
    text = share_start_text(story=story, network="linkedin")
    assert text == "New vacancy in my team! I work at Stroomwijs."


def test_fix_for_an_english_post_under_a_dutch_interface_is_english(
    employee_client, acme
):
    story = story_page_factory(language="nl", promotional=True)
    text = "Proud of my colleagues: the new app is out and it is really good."
    report = composer_check(employee_client, story, "linkedin", text, locale="nl")
    (finding,) = [f for f in report["findings"] if f["rule"] == "Disclosure.Missing"]
    assert finding["suggestions"][0]["replacement"] == "\n\nI work at Stroomwijs."
    assert finding["suggestions"][0]["label"].startswith("Voeg")  # interface: Dutch
    assert "vermeld dat je er werkt" in finding["message"]


def test_fix_follows_the_story_when_the_text_does_not_say_its_language(
    employee_client, acme
):
    story = story_page_factory(language="en", promotional=True)
    report = composer_check(employee_client, story, "linkedin", "Kijk!", locale="nl")
    (finding,) = [f for f in report["findings"] if f["rule"] == "Disclosure.Missing"]
    assert finding["suggestions"][0]["replacement"] == "\n\nI work at Stroomwijs."


def test_fix_uses_the_sentence_comms_set_for_the_language(employee_client, acme):
    acme.disclosure_sentence_nl = "Ik ben collega bij {company}."
    acme.save()
    story = story_page_factory(language="en", promotional=True)
    text = "Trots op mijn collega's: de nieuwe app is er en hij is echt heel goed."
    report = composer_check(employee_client, story, "linkedin", text, locale="en")
    (finding,) = [f for f in report["findings"] if f["rule"] == "Disclosure.Missing"]
    assert finding["suggestions"][0]["replacement"] == (
        "\n\nIk ben collega bij Stroomwijs."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Proud of the new app! Ik werk bij Stroomwijs.",
        "Trots op de nieuwe app! I work for Stroomwijs.",
        "Proud of the new app (werknemer)",
        "Trots op de nieuwe app #employee",
        "New app! #medewerker",
    ],
)
def test_a_disclosure_of_either_language_passes_a_post_in_either(
    employee_client, acme, text
):
    story = story_page_factory(language="nl", promotional=True)
    report = composer_check(employee_client, story, "linkedin", text)
    assert report["ok"], report["findings"]
    assert not [f for f in report["findings"] if f["rule"].startswith("Disclosure")]


def test_a_bare_word_is_no_disclosure(employee_client, acme):
    story = story_page_factory(language="nl", promotional=True)
    text = "We zoeken een nieuwe medewerker voor de app."
    report = composer_check(employee_client, story, "linkedin", text)
    assert [f["rule"] for f in report["findings"]] == ["Disclosure.Missing"]


def test_blocking_findings_come_first_in_the_api(employee_client, acme):
    story = story_page_factory(language="en", promotional=True)
    text = "Hi guys!! Our new app is out, have a look at it today."
    report = composer_check(employee_client, story, "linkedin", text)
    severities = [f["severity"] for f in report["findings"]]
    assert severities[0] == "block" and "warn" in severities
    assert severities == sorted(severities, key=["block", "warn", "info"].index)
    # The block (a missing disclosure) sits at the end of the text.
    assert report["findings"][0]["start"] > report["findings"][1]["start"]
