import json

import pytest
from wagtail.models import APIToken

from advocacy.guidelines.models import (
    GuidelineDismissal,
    GuidelineSettings,
    GuidelineTerm,
    RuleSetting,
)
from core.networks import CODES as NETWORKS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/guidelines/check"
VALID_BSN = "111222333"


def post(client, payload, **extra):
    return client.post(
        URL, json.dumps(payload), content_type="application/json", **extra
    )


@pytest.fixture
def employee_client(client):
    client.force_login(UserFactory())
    return client


def test_check_api_reports_contract_shape(employee_client):
    response = post(
        employee_client, {"text": f"Mijn BSN is {VALID_BSN}", "network": "x"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is False
    assert set(body["length"]) == {"used", "limit"}
    assert body["length"]["limit"] == 280
    finding = next(f for f in body["findings"] if f["rule"] == "PII.BSN")
    assert finding["severity"] == "block"
    text = f"Mijn BSN is {VALID_BSN}"
    assert text[finding["start"] : finding["end"]] == VALID_BSN


def test_check_api_clean_text_is_ok(employee_client):
    response = post(
        employee_client, {"text": "Trots op ons team!", "network": "linkedin"}
    )
    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert response.json()["findings"] == []


def test_check_api_requires_authentication(client):
    response = post(client, {"text": "hello"})
    assert response.status_code == 401


def test_check_api_accepts_wagtail_bearer_token(client):
    user = UserFactory()
    _token, plaintext = APIToken.create_token(user=user, name="composer")
    response = post(client, {"text": "hello"}, HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert response.status_code == 200, response.content


def test_check_api_rejects_revoked_or_wrong_token(client):
    response = post(client, {"text": "hello"}, HTTP_AUTHORIZATION="Bearer nope")
    assert response.status_code == 401


def test_check_api_missing_text_names_the_field(employee_client):
    response = post(employee_client, {"network": "x"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "text"


def test_check_api_oversized_text_is_422_with_clear_message(employee_client):
    response = post(employee_client, {"text": "a" * 100_001})
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"][-1] == "text"
    assert "100000" in detail["msg"]


def test_check_api_unknown_network_names_the_field(employee_client):
    response = post(employee_client, {"text": "hi", "network": "myspace"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "network"


def test_check_api_invalid_json_is_a_client_error(employee_client):
    response = employee_client.post(URL, "{not json", content_type="application/json")
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("network", NETWORKS)
def test_check_api_every_network_has_a_limit(employee_client, network):
    response = post(employee_client, {"text": "Hallo", "network": network})
    assert response.status_code == 200
    assert response.json()["length"]["limit"] > 0


def test_settings_changes_take_effect_without_restart(employee_client):
    text = "Binnenkort lanceren we Project Zeus."
    assert post(employee_client, {"text": text}).json()["ok"] is True

    GuidelineTerm.objects.create(list="confidential", text="Project Zeus")
    body = post(employee_client, {"text": text}).json()
    assert body["ok"] is False
    assert [f["rule"] for f in body["findings"]] == ["Confidential.Term"]

    # Comms staff turn the rule into a warning in the settings.
    settings = GuidelineSettings.load()
    RuleSetting.objects.create(
        settings=settings, rule="Confidential.Term", severity="warn"
    )
    body = post(employee_client, {"text": text}).json()
    assert body["ok"] is True
    assert body["findings"][0]["severity"] == "warn"

    # ... and then switch it off entirely.
    rule = RuleSetting.objects.get(rule="Confidential.Term")
    rule.enabled = False
    rule.save()
    assert post(employee_client, {"text": text}).json()["findings"] == []


def test_dismissing_a_warning_is_stored_with_reason(employee_client):
    GuidelineTerm.objects.create(list="competitor", text="Bol")
    text = "Sneller dan Bol, echt waar."
    findings = post(employee_client, {"text": text}).json()["findings"]
    # "Sneller dan Bol" is also a comparative claim; dismiss the mention.
    finding = next(f for f in findings if f["rule"] == "Competitor.Mention")
    response = post(
        employee_client,
        {
            "text": text,
            "rule": finding["rule"],
            "start": finding["start"],
            "end": finding["end"],
            "reason": "Vergelijking uit een onafhankelijke test",
        },
    )
    assert response.status_code == 200  # the check URL: not a dismissal
    response = employee_client.post(
        "/api/v1/guidelines/dismissals",
        json.dumps(
            {
                "text": text,
                "rule": finding["rule"],
                "start": finding["start"],
                "end": finding["end"],
                "reason": "Vergelijking uit een onafhankelijke test",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    stored = GuidelineDismissal.objects.get()
    assert stored.rule == "Competitor.Mention"
    assert stored.match == "Bol"


def test_block_findings_cannot_be_dismissed(employee_client):
    text = f"BSN {VALID_BSN}"
    finding = post(employee_client, {"text": text}).json()["findings"][0]
    response = employee_client.post(
        "/api/v1/guidelines/dismissals",
        json.dumps(
            {
                "text": text,
                "rule": finding["rule"],
                "start": finding["start"],
                "end": finding["end"],
                "reason": "I know what I am doing",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "cannot be dismissed" in response.json()["detail"][0]["msg"]
    assert not GuidelineDismissal.objects.exists()


def test_check_api_is_rate_limited_per_user(client, settings):
    settings.GUIDELINES_CHECK_RATE_LIMIT = 3
    flooder, other = UserFactory(), UserFactory()
    client.force_login(flooder)
    for _ in range(3):
        assert post(client, {"text": "Hallo"}).status_code == 200
    refused = post(client, {"text": "Hallo"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert 1 <= int(refused["Retry-After"]) <= settings.GUIDELINES_CHECK_RATE_WINDOW
    assert refused.json() == {"detail": "Te veel controles. Probeer het zo opnieuw."}
    # Someone else still gets their checks.
    client.force_login(other)
    assert post(client, {"text": "Hallo"}).status_code == 200


def test_check_api_caps_text_at_the_longest_network_limit(employee_client):
    from core.networks import NETWORKS

    longest = max(network.limit for network in NETWORKS)
    assert post(employee_client, {"text": "a" * longest}).status_code == 200
    response = post(employee_client, {"text": "a" * (longest + 1)})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "text"
