"""Every answer of the feedback API is counted by its outcome."""

import json

import pytest
from django.db import OperationalError, connection
from prometheus_client import REGISTRY

pytestmark = pytest.mark.django_db

URL = "/api/v1/feedback"
OUTCOMES = (
    "accepted",
    "duplicate",
    "invalid",
    "unauthorised",
    "rate_limited",
    "unavailable",
)


def counts() -> dict[str, float]:
    return {
        outcome: REGISTRY.get_sample_value(
            "boegbeeld_feedback_requests_total", {"outcome": outcome}
        )
        or 0.0
        for outcome in OUTCOMES
    }


@pytest.fixture
def post(client, source_token):
    _source, token = source_token

    def send(body, *, auth=token, content_type="application/json"):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {auth}"} if auth else {}
        data = body if isinstance(body, str) else json.dumps(body)
        return client.post(URL, data=data, content_type=content_type, **headers)

    return send


def _database_down(execute, sql, params, many, context):
    raise OperationalError("connection to server failed: Connection refused")


@pytest.mark.parametrize(
    ("request_made", "status", "outcome"),
    [
        (lambda post: post({"text": "Top!", "rating": 5}), 201, "accepted"),
        (lambda post: post({"text": ""}), 422, "invalid"),
        (lambda post: post({"text": "Top!", "rating": 9}), 422, "invalid"),
        (lambda post: post("text=Top", content_type="text/plain"), 415, "invalid"),
        (lambda post: post("{not json"), 400, "invalid"),
        (lambda post: post({"text": "Top!"}, auth="wrong-token"), 401, "unauthorised"),
        (lambda post: post({"text": "Top!"}, auth=""), 401, "unauthorised"),
    ],
)
def test_feedback_answer_is_counted_by_outcome(post, request_made, status, outcome):
    before = counts()
    assert request_made(post).status_code == status
    after = counts()
    assert after[outcome] == before[outcome] + 1
    assert sum(after.values()) == sum(before.values()) + 1  # counted once


def test_repeated_external_id_counts_as_duplicate(post):
    assert post({"text": "Top!", "external_id": "x-1"}).status_code == 201
    before = counts()
    assert post({"text": "Top!", "external_id": "x-1"}).status_code == 200
    assert counts()["duplicate"] == before["duplicate"] + 1
    assert counts()["accepted"] == before["accepted"]


def test_rate_limited_requests_are_counted(post, settings):
    settings.REALTIME_FEEDBACK_RATE_LIMIT = 1
    assert post({"text": "Een"}).status_code == 201
    before = counts()
    assert post({"text": "Twee"}).status_code == 429
    assert counts()["rate_limited"] == before["rate_limited"] + 1


def test_requests_while_the_database_is_down_are_counted(post):
    before = counts()
    with connection.execute_wrapper(_database_down):
        assert post({"text": "Komt dit aan?"}).status_code == 503
    assert counts()["unavailable"] == before["unavailable"] + 1
