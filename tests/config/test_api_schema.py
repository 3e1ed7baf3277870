"""The OpenAPI schema says what the endpoints really accept and answer.

Each request below produces one answer; the schema must document that status
for that operation, and describe the input that caused it.
"""

import json
import re

import pytest
from django.test import Client

from advocacy.guidelines.models import GuidelineTerm
from realtime import services
from tests.factories import LocationFactory, UserFactory

pytestmark = pytest.mark.django_db

FEEDBACK = "/api/v1/feedback"
CHECK = "/api/v1/guidelines/check"
DISMISS = "/api/v1/guidelines/dismissals"
VALID_BSN = "111222333"


@pytest.fixture
def schema(client) -> dict:
    return client.get("/api/v1/openapi.json").json()


def documented(schema: dict, url: str) -> set[int]:
    return {int(code) for code in schema["paths"][url]["post"]["responses"]}


def send(client: Client, url: str, body, **extra):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, data, content_type="application/json", **extra)


def test_feedback_answers_are_documented(client, schema, settings):
    _source, token = services.feedback_source_create(name="tool")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    answers = {
        send(client, FEEDBACK, {"text": "Top"}, **auth).status_code,
        send(client, FEEDBACK, {"text": "Top", "external_id": "1"}, **auth).status_code,
        send(client, FEEDBACK, {"text": "Top", "external_id": "1"}, **auth).status_code,
        send(client, FEEDBACK, "{", **auth).status_code,
        send(client, FEEDBACK, {"text": "Top"}).status_code,
        send(client, FEEDBACK, {"text": "x" * 100_000}, **auth).status_code,
        client.post(FEEDBACK, "text=Top", "text/plain", **auth).status_code,
    }
    unknown_location = {"text": "Top", "location": "atlantis"}
    answers.add(send(client, FEEDBACK, unknown_location, **auth).status_code)
    settings.REALTIME_FEEDBACK_RATE_LIMIT = 0
    answers.add(send(client, FEEDBACK, {"text": "Top"}, **auth).status_code)
    assert answers == {200, 201, 400, 401, 413, 415, 422, 429}
    assert answers <= documented(schema, FEEDBACK)


def test_guidelines_answers_are_documented(schema, settings):
    GuidelineTerm.objects.create(list="competitor", text="Bol")
    anonymous, employee = Client(enforce_csrf_checks=True), Client()
    employee.force_login(UserFactory())
    no_csrf = Client(enforce_csrf_checks=True)
    no_csrf.force_login(UserFactory())
    text = "Beter dan Bol"
    finding = send(employee, CHECK, {"text": text}).json()["findings"][0]
    dismissal = {**finding, "text": text, "reason": "Onafhankelijke test"}
    check_answers = {
        send(employee, CHECK, {"text": text}).status_code,
        send(employee, CHECK, "{").status_code,
        send(anonymous, CHECK, {"text": text}).status_code,
        send(no_csrf, CHECK, {"text": text}).status_code,
        send(employee, CHECK, {"network": "x"}).status_code,
    }
    dismiss_answers = {
        send(employee, DISMISS, dismissal).status_code,
        send(employee, DISMISS, "{").status_code,
        send(anonymous, DISMISS, dismissal).status_code,
        send(no_csrf, DISMISS, dismissal).status_code,
        send(employee, DISMISS, {**dismissal, "reason": ""}).status_code,
        send(employee, DISMISS, {**dismissal, "start": 99, "end": 100}).status_code,
    }
    settings.GUIDELINES_CHECK_RATE_LIMIT = 0
    check_answers.add(send(employee, CHECK, {"text": text}).status_code)
    assert check_answers == {200, 400, 401, 403, 422, 429}
    assert check_answers <= documented(schema, CHECK)
    assert dismiss_answers == {201, 400, 401, 403, 409, 422}
    assert dismiss_answers <= documented(schema, DISMISS)


def test_feedback_location_lists_the_configured_locations(client):
    LocationFactory(slug="utrecht")
    LocationFactory(slug="rotterdam")
    schema = client.get("/api/v1/openapi.json").json()
    location = schema["components"]["schemas"]["FeedbackIn"]["properties"]["location"]
    assert location["anyOf"] == [
        {"type": "string", "enum": ["rotterdam", "utrecht"]},
        {"type": "null"},
    ]


def test_feedback_location_without_locations_accepts_only_null(schema):
    location = schema["components"]["schemas"]["FeedbackIn"]["properties"]["location"]
    assert location["anyOf"] == [{"type": "null"}]


def test_feedback_external_id_pattern_refuses_what_the_endpoint_refuses(schema):
    pattern = schema["components"]["schemas"]["FeedbackIn"]["properties"][
        "external_id"
    ]["pattern"]
    assert re.search(pattern, "order-17")
    assert not re.search(pattern, "ab\x00cd")


@pytest.mark.parametrize(
    ("reason", "accepted"),
    [("", False), ("  ", False), (" ok ", False), ("a b", True), ("omdat", True)],
)
def test_dismissal_reason_pattern_agrees_with_the_endpoint(schema, reason, accepted):
    pattern = schema["components"]["schemas"]["DismissIn"]["properties"]["reason"][
        "pattern"
    ]
    assert bool(re.search(pattern, reason)) is accepted
    GuidelineTerm.objects.create(list="competitor", text="Bol")
    employee = Client()
    employee.force_login(UserFactory())
    finding = send(employee, CHECK, {"text": "Bol"}).json()["findings"][0]
    response = send(employee, DISMISS, {**finding, "text": "Bol", "reason": reason})
    assert (response.status_code == 201) is accepted, response.content


@pytest.mark.parametrize("field", ["promotional", "with_link"])
@pytest.mark.parametrize("value", [0, 1, "true"])
def test_check_booleans_are_booleans_as_the_schema_says(schema, field, value):
    assert schema["components"]["schemas"]["CheckIn"]["properties"][field]["type"] == (
        "boolean"
    )
    employee = Client()
    employee.force_login(UserFactory())
    response = send(employee, CHECK, {"text": "Hallo", field: value})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == field


@pytest.mark.parametrize(
    "text", ["\x00", "\u200b", "\x1c", " \u00ad ", "\u2028", "\x85", "Hoi", "\u200c"]
)
def test_feedback_text_pattern_agrees_with_the_endpoint(client, schema, text):
    pattern = schema["components"]["schemas"]["FeedbackIn"]["properties"]["text"][
        "pattern"
    ]
    _source, token = services.feedback_source_create(name="tool")
    response = send(
        client, FEEDBACK, {"text": text}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code in {201, 422}
    assert bool(re.search(pattern, text)) is (response.status_code == 201)
