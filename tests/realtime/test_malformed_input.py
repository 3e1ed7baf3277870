"""Malformed input gets a clear 4xx and changes nothing stored."""

import json
from unittest import mock

import pytest

from accounts import roles
from realtime.models import Feedback
from tests.factories import FeedbackFactory, UserFactory

pytestmark = pytest.mark.django_db


def post_feedback(client, token: str, body: dict):
    return client.post(
        "/api/v1/feedback",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.mark.parametrize("field", ["external_id", "location"])
def test_feedback_api_nul_byte_is_refused_naming_the_field(client, source_token, field):
    _source, token = source_token
    FeedbackFactory(text="Already here")
    before = list(Feedback.objects.values_list("pk", "text", "external_id"))

    response = post_feedback(client, token, {"text": "Hoi", field: "ab\x00cd"})

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Must not contain NUL characters.",
        "field": field,
    }
    assert list(Feedback.objects.values_list("pk", "text", "external_id")) == before


def test_screen_reload_with_a_non_numeric_screen_is_404_and_reloads_nothing(
    client, make_screen
):
    make_screen("lobby")
    client.force_login(UserFactory(roles=(roles.SCREEN_MANAGERS,)))
    with mock.patch("realtime.broadcast.send_on_commit") as send:
        response = client.post("/screens/reload/", {"screen": "abc"})
    assert response.status_code == 404
    send.assert_not_called()
