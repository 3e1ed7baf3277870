"""The JSON APIs while a service they need is down: stored if possible, else 503."""

import json
import logging

import pytest
from django.db import OperationalError, connection

from realtime.models import Feedback
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/feedback"


@pytest.fixture
def post(client, source_token):
    _source, token = source_token

    def send(body):
        return client.post(
            URL,
            data=json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    return send


def _database_down(execute, sql, params, many, context):
    raise OperationalError("connection to server failed: Connection refused")


def test_feedback_is_stored_while_redis_is_down(
    site_on_redis, post, django_capture_on_commit_callbacks, caplog
):
    site_on_redis.kill()
    with (
        caplog.at_level(logging.ERROR, logger="realtime.broadcast"),
        django_capture_on_commit_callbacks(execute=True) as pushes,
    ):
        response = post({"text": "Top geholpen!", "rating": 5, "external_id": "t-1"})

    assert response.status_code == 201
    feedback = Feedback.objects.get(pk=response.json()["id"])
    assert feedback.status == Feedback.Status.APPROVED
    # The push to the screens ran after commit, failed, and was only logged.
    assert pushes
    assert any("broadcast of feedback" in r.getMessage() for r in caplog.records)
    again = post({"text": "Top geholpen!", "rating": 5, "external_id": "t-1"})
    assert (again.status_code, again.json()["id"]) == (200, feedback.pk)


def test_feedback_rate_limit_still_counts_while_redis_is_down(
    site_on_redis, post, settings
):
    settings.REALTIME_FEEDBACK_RATE_LIMIT = 2
    site_on_redis.kill()
    answers = [post({"text": f"Item {n}"}) for n in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 429]
    assert answers[2]["Retry-After"]


def test_feedback_api_answers_503_json_while_the_database_is_down(post):
    with connection.execute_wrapper(_database_down):
        response = post({"text": "Komt dit aan?"})
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "detail": "The service is temporarily unavailable. Try again later.",
        "field": None,
    }
    assert not Feedback.objects.exists()


def test_guidelines_check_answers_503_json_while_the_database_is_down(client):
    client.force_login(UserFactory())
    with connection.execute_wrapper(_database_down):
        response = client.post(
            "/api/v1/guidelines/check",
            {"text": "Hello", "network": "x"},
            content_type="application/json",
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "temporarily unavailable" in response.json()["detail"]
