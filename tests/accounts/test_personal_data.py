"""Export my data, erase me, and the declarations both are built from."""

import io
import json
import zipfile

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts import personal_data
from accounts.models import User
from advocacy.guidelines.models import GuidelineDismissal
from advocacy.outreach.models import DigestSent
from advocacy.sharing import analytics
from advocacy.sharing.models import ClickDaily, PointEntry, Share
from advocacy.suggestions.models import Suggestion, SuggestionMessage
from core.privacy import declarations
from tests.factories import (
    PASSWORD,
    UserFactory,
    hero_image_factory,
    story_page_factory,
)

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXP-never-exported"


def test_every_model_pointing_at_a_user_is_declared():
    found = declarations()
    covered = {label for kind in found.personal for label in kind.models}
    declared = covered | set(found.not_personal)
    missing = sorted(
        {
            f"{model._meta.label}.{field.name}"
            for model, field in personal_data.user_references()
            if model._meta.label not in declared
        }
    )
    assert missing == [], (
        "These models point at a user but are neither exported (a PersonalData in "
        "an app's privacy.py) nor declared in NOT_PERSONAL: " + ", ".join(missing)
    )
    # And no declaration names a model that does not exist (a renamed model).
    for label in declared:
        apps.get_model(label)


def test_the_walk_finds_our_own_and_our_libraries_models():
    labels = {model._meta.label for model, _f in personal_data.user_references()}
    assert {"advocacy.Share", "accounts.Profile", "mfa.Authenticator"} <= labels
    assert "wagtailcore.PageLogEntry" in labels


@pytest.fixture
def story():
    return story_page_factory(title="Our new service desk")


@pytest.fixture
def person(story):
    user = UserFactory(email="eva@example.com", first_name="Eva", last_name="Vries")
    user.profile.display_name = "Eva de Vries"
    user.profile.mastodon_instance = "mastodon.social"
    user.profile.save()
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": SECRET}
    )
    share = Share.objects.create(
        user=user,
        story=story,
        network="linkedin",
        text="Proud of our desk!",
        code="evaA1",
    )
    ClickDaily.objects.create(share=share, day=timezone.localdate(), count=7)
    PointEntry.objects.create(user=user, kind="share", amount=10, share=share)
    GuidelineDismissal.objects.create(
        user=user, rule="Tone.Shouting", match="GREAT", reason="It is our slogan"
    )
    DigestSent.objects.create(user=user, week=timezone.localdate())
    open_one = Suggestion.objects.create(
        suggester=user,
        title="Team outing",
        text="<p>We rowed</p>",
        image=hero_image_factory(title="Rowing"),
    )
    SuggestionMessage.objects.create(
        suggestion=open_one, author=user, kind="answer", text="It was in May"
    )
    Suggestion.objects.create(
        suggester=user,
        title="Became a story",
        status=Suggestion.Status.ACCEPTED,
        page=story,
        credit_consent=True,
    )
    return user


@pytest.fixture
def colleague(story):
    other = UserFactory(email="olaf@example.com", first_name="Olaf")
    share = Share.objects.create(
        user=other, story=story, network="x", text="Olaf's own words", code="olafA1"
    )
    ClickDaily.objects.create(share=share, day=timezone.localdate(), count=3)
    return other


def _archive(client, user) -> zipfile.ZipFile:
    client.force_login(user)
    response = client.post("/accounts/profile/data/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_export_holds_everything_about_me_and_nothing_else(client, person, colleague):
    archive = _archive(client, person)
    names = set(archive.namelist())
    for kind in declarations().personal:
        assert f"{kind.key}.json" in names
    assert "index.html" in names
    assert any(name.startswith("suggestion_images/") for name in names)

    shares = json.loads(archive.read("shares.json"))
    assert shares == [
        {
            "prepared_at": shares[0]["prepared_at"],
            "shared_at": None,
            "shared_by": "",
            "preview_fetched_by_network_at": None,
            "network": "linkedin",
            "story": "Our new service desk",
            "text": "Proud of our desk!",
            "link_code": "evaA1",
            "clicks": 7,
            "dismissed_warnings": [],
        }
    ]
    assert json.loads(archive.read("profile.json"))[0]["display_name"] == "Eva de Vries"
    assert json.loads(archive.read("points.json"))[0]["points"] == 10
    assert json.loads(archive.read("dismissed_warnings.json"))[0]["reason"] == (
        "It is our slogan"
    )
    suggestions = json.loads(archive.read("suggestions.json"))
    assert {s["title"] for s in suggestions} == {"Team outing", "Became a story"}
    assert suggestions[0]["messages"][0]["text"] == "It was in May"
    sign_in = json.loads(archive.read("sign_in.json"))
    assert sign_in[0]["method"] == "totp"

    everything = b"".join(archive.read(name) for name in names)
    assert SECRET.encode() not in everything  # MFA state, never the secret
    assert b"Olaf" not in everything and b"olafA1" not in everything
    index = archive.read("index.html").decode()
    assert "Proud of our desk!" in index and "eva@example.com" in index


def test_export_needs_a_login_and_a_post(client, person):
    response = client.post("/accounts/profile/data/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(person)
    page = client.get("/accounts/profile/data/")
    assert page.status_code == 200
    assert b"Download my data" in page.content


def _figures() -> dict:
    today = timezone.localdate()
    analytics.rollup_day(today)
    period = analytics.Period.last_days(30)
    rows = {str(row[0]): row[1] for row in analytics.summary(period).rows}
    rows.pop("Share of active employees")  # a leaver is no longer an employee
    return {
        "summary": rows,
        "networks": [list(r) for r in analytics.by_network(period).rows],
        "stories": [list(r) for r in analytics.by_story(period).rows],
    }


def _references_to(user_id: int) -> list[str]:
    return [
        f"{model._meta.label}.{field.name}"
        for model, field in personal_data.user_references()
        if model._base_manager.filter(**{field.attname: user_id}).exists()
    ]


def test_erasure_leaves_nothing_pointing_at_the_person_and_figures_unchanged(
    client, person, colleague, story
):
    before = _figures()
    person_id = person.pk
    personal_data.user_erase(user=person)

    assert not User.objects.filter(pk=person_id).exists()
    assert _references_to(person_id) == []
    assert _figures() == before
    # The share stays, anonymous and without its text; its clicks stay with it.
    kept = Share.objects.get(code="evaA1")
    assert kept.text == "" and kept.user.is_active is False
    assert kept.user.email.endswith("@" + personal_data.ERASED_DOMAIN)
    assert not kept.user.has_usable_password()
    assert ClickDaily.objects.get(share=kept).count == 7
    # The story made from a suggestion stays; the suggestions and credit go.
    story.refresh_from_db()
    assert story.live
    assert not Suggestion.objects.exists()
    assert not PointEntry.objects.exists()
    # The colleague's data is untouched.
    assert Share.objects.get(code="olafA1").user == colleague
    assert Share.objects.get(code="olafA1").text == "Olaf's own words"
    # Nobody can log in as the person any more.
    response = client.post(
        "/accounts/login/", {"login": "eva@example.com", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def _login(client, user) -> None:
    Authenticator.objects.filter(user=user).delete()  # password only
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" in client.session


def _reauthenticate(client) -> None:
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302


def test_erase_me_shows_the_summary_and_asks_for_a_fresh_login(client, person):
    _login(client, person)
    page = client.get("/accounts/profile/erase/")
    assert page.status_code == 200
    for kind in declarations().personal:
        assert str(kind.label).encode() in page.content
    _reauthenticate(client)
    # Unticked: a form error, nothing erased.
    refused = client.post("/accounts/profile/erase/", {})
    assert refused.status_code == 200
    assert b"Tick the box to confirm." in refused.content
    assert User.objects.filter(pk=person.pk).exists()


def test_erase_me_after_a_fresh_login_erases_and_logs_out(client, person):
    _login(client, person)
    asked = client.post("/accounts/profile/erase/", {"confirm": "on"})
    assert "/accounts/reauthenticate/" in asked["Location"]  # even right after login
    assert User.objects.filter(pk=person.pk).exists()
    _reauthenticate(client)
    response = client.post("/accounts/profile/erase/", {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not User.objects.filter(email="eva@example.com").exists()
    assert "_auth_user_id" not in client.session


def test_administrators_erase_a_leaver_from_the_command_line(person):
    with pytest.raises(CommandError, match="No account"):
        call_command("erase_user", "nobody@example.com", "--yes")
    call_command("erase_user", "EVA@example.com", "--yes")
    assert not User.objects.filter(email="eva@example.com").exists()


def test_privacy_page_is_public_and_follows_the_live_settings(client, settings):
    page = client.get("/privacy/")
    assert page.status_code == 200
    text = page.content.decode()
    assert f"at least {analytics.MIN_GROUP_SIZE} people" in text
    assert "The leaderboard is opt-in" in text
    assert "None: no page of Boegbeeld contacts another server." in text
    for kind in declarations().personal:
        assert str(kind.label) in text

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "mail.stroomwijs.example"
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "corp",
                    "name": "Corp SSO",
                    "settings": {"server_url": "https://sso.stroomwijs.example"},
                }
            ]
        }
    }
    settings.CSP_EMBED_HOSTS = ["https://www.youtube-nocookie.com"]
    text = client.get("/privacy/").content.decode()
    assert "https://www.youtube-nocookie.com" in text
    assert "mail.stroomwijs.example" in text
    assert "Corp SSO (https://sso.stroomwijs.example)" in text
    assert "None: no page" not in text


def test_privacy_page_in_dutch(client):
    page = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="nl")
    assert page.status_code == 200
    assert "Privacy: wat Boegbeeld over je bewaart" in page.content.decode()


def test_privacy_inventory_lists_every_model_with_its_decision():
    out = io.StringIO()
    call_command("privacy_inventory", stdout=out)
    text = out.getvalue()
    assert "NOT DECLARED" not in text
    assert "advocacy.Share: exported as shares.json" in text
    assert "wagtailcore.Revision: not personal" in text
