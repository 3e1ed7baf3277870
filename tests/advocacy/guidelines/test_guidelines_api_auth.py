"""Who may call the guidelines API: 401 with JSON for no credentials, as a real
browser or script would meet it (CSRF checks on, unlike Django's test client)."""

import json

import pytest
from django.test import Client
from wagtail.models import APIToken

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/v1/guidelines/check", "/api/v1/guidelines/dismissals"]
BODY = {"text": "Hallo", "rule": "X", "start": 0, "end": 1, "reason": "omdat"}


@pytest.fixture
def browser_client() -> Client:
    return Client(enforce_csrf_checks=True)


def post(client: Client, url: str, **extra):
    return client.post(url, json.dumps(BODY), content_type="application/json", **extra)


@pytest.mark.parametrize("url", ENDPOINTS)
def test_guidelines_api_without_credentials_is_401_json(browser_client, url):
    response = post(browser_client, url)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Unauthorized"}


@pytest.mark.parametrize("url", ENDPOINTS)
def test_guidelines_api_with_a_wrong_bearer_token_is_401_json(browser_client, url):
    response = post(browser_client, url, HTTP_AUTHORIZATION="Bearer wagtail_nope")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_guidelines_api_with_a_logged_out_session_cookie_is_401(browser_client):
    browser_client.cookies["sessionid"] = "no-such-session"
    response = post(browser_client, ENDPOINTS[0])
    assert response.status_code == 401


def test_guidelines_api_session_without_csrf_token_is_403(browser_client):
    browser_client.force_login(UserFactory())
    response = post(browser_client, ENDPOINTS[0])
    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF check Failed"}


def test_guidelines_api_session_with_csrf_token_is_answered(browser_client):
    browser_client.force_login(UserFactory())
    browser_client.get("/guidelines/try/")  # any page that hands out the cookie
    token = browser_client.cookies["csrftoken"].value
    response = post(browser_client, ENDPOINTS[0], HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200, response.content


def test_guidelines_api_bearer_token_needs_no_csrf_token(browser_client):
    _token, plaintext = APIToken.create_token(user=UserFactory(), name="script")
    response = post(
        browser_client, ENDPOINTS[0], HTTP_AUTHORIZATION=f"Bearer {plaintext}"
    )
    assert response.status_code == 200, response.content
