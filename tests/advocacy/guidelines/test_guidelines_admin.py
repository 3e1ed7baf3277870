import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import roles
from advocacy.guidelines.models import GuidelineSettings, GuidelineTerm, RuleSetting
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "/cms/guidelines/import/"


@pytest.fixture
def comms_client(client):
    client.force_login(UserFactory(roles=(roles.COMMUNICATIONS,)))
    return client


def upload(client, content: str, default_list: str = "confidential"):
    return client.post(
        IMPORT_URL,
        {
            "file": SimpleUploadedFile("terms.csv", content.encode(), "text/csv"),
            "default_list": default_list,
        },
    )


def test_term_import_creates_and_updates_terms(comms_client):
    GuidelineTerm.objects.create(list="competitor", text="Bol", severity="warn")
    response = upload(
        comms_client,
        "term,list,severity,replacement\n"
        "Project Zeus,,,\n"
        "Bol,competitor,info,\n"
        "chairman,inclusive,,chair\n",
    )
    assert response.status_code == 302
    assert GuidelineTerm.objects.get(text="Project Zeus").list == "confidential"
    assert GuidelineTerm.objects.get(text="Bol").severity == "info"
    assert GuidelineTerm.objects.get(text="chairman").replacement == "chair"


def test_term_import_reads_the_old_suggestion_column_as_the_replacement(comms_client):
    response = upload(comms_client, "term,list,suggestion\nchairman,inclusive,chair\n")
    assert response.status_code == 302
    assert GuidelineTerm.objects.get(text="chairman").replacement == "chair"


def test_term_import_with_a_bad_line_stores_nothing(comms_client):
    GuidelineTerm.objects.create(list="competitor", text="Bol", severity="warn")
    response = upload(
        comms_client,
        "term;list;severity\nProject Zeus;;\nBol;competitor;fatal\n;claims;\n",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Line 3" in body and "severity must be" in body
    assert "Line 4" in body and "term is empty" in body
    assert list(GuidelineTerm.objects.values_list("text", "severity")) == [
        ("Bol", "warn")
    ]


def test_term_import_without_header_is_refused(comms_client):
    response = upload(comms_client, "Project Zeus\nProject Hera\n")
    assert response.status_code == 200
    assert "must name the columns" in response.content.decode()
    assert not GuidelineTerm.objects.exists()


def test_term_import_denied_to_employees(client):
    client.force_login(UserFactory())
    response = upload(client, "term\nx\n")
    assert response.status_code in {302, 403}
    assert not GuidelineTerm.objects.exists()


def test_guideline_terms_snippet_listing_for_comms(comms_client):
    GuidelineTerm.objects.create(list="confidential", text="Project Zeus")
    response = comms_client.get("/cms/snippets/advocacy/guidelineterm/")
    assert response.status_code == 200
    assert "Project Zeus" in response.content.decode()


def test_guideline_settings_editable_in_wagtail(comms_client):
    response = comms_client.get(
        "/cms/settings/advocacy/guidelinesettings/", follow=True
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "disclosure_patterns" in body and "rule_settings" in body


def test_public_guidelines_page_lists_enabled_rules_only(client):
    settings = GuidelineSettings.load()
    RuleSetting.objects.create(
        settings=settings, rule="Tone.Exclamations", enabled=False
    )
    GuidelineTerm.objects.create(list="confidential", text="Project Zeus")
    response = client.get("/guidelines/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="pii-bsn"' in body
    assert 'id="tone-exclamations"' not in body
    # Term lists are never published: codenames must not leak.
    assert "Project Zeus" not in body


def test_guidelines_page_anchor_matches_finding_explanation_url(client):
    client.force_login(UserFactory())
    response = client.post(
        "/api/v1/guidelines/check",
        {"text": "BSN 111222333"},
        content_type="application/json",
    )
    url = response.json()["findings"][0]["explanation_url"]
    path, anchor = url.split("#")
    page = client.get(path)
    assert page.status_code == 200
    assert f'id="{anchor}"' in page.content.decode()


def test_try_page_requires_login_and_renders_composer(client):
    assert client.get("/guidelines/try/").status_code == 302
    client.force_login(UserFactory())
    body = client.get("/guidelines/try/").content.decode()
    assert "data-guideline-composer" in body
    assert 'id="composer-strings"' in body


def test_rule_change_in_wagtail_admin_takes_effect_without_restart(comms_client):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    check = "/api/v1/guidelines/check"
    text = "WAAROM IS DIT ZO GOED VANDAAG"
    before = comms_client.post(check, {"text": text}, content_type="application/json")
    assert "Tone.Shouting" in [f["rule"] for f in before.json()["findings"]]

    settings = GuidelineSettings.load()
    url = f"/cms/settings/advocacy/guidelinesettings/{settings.pk}/"
    data = nested_form_data(
        {
            "company_name": "Acme",
            "disclosure_patterns": "I work at {company}",
            "allowed_link_domains": "",
            "instagram_hashtag_cap": 30,
            "rule_settings": inline_formset(
                [
                    {
                        "rule": "Tone.Shouting",
                        "enabled": False,
                        "severity": "",
                        "message_nl": "",
                        "message_en": "",
                    }
                ]
            ),
            "quiet_periods": inline_formset([]),
        }
    )
    response = comms_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    after = comms_client.post(check, {"text": text}, content_type="application/json")
    assert "Tone.Shouting" not in [f["rule"] for f in after.json()["findings"]]
