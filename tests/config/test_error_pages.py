"""403, 404, 500 and CSRF failures answer in the site's layout, translated, with a way
back; the 500 page needs no database. Production mode: DEBUG off."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.config.error_urls")]


@pytest.fixture(autouse=True)
def _production_mode(settings) -> None:
    settings.DEBUG = False


def assert_site_page(html: str, lang: str) -> None:
    assert f'<html lang="{lang}">' in html
    assert 'name="viewport"' in html
    assert 'class="site-header"' in html
    assert "css/boegbeeld.css" in html
    assert 'class="button" href="/"' in html


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("en", "This page does not exist (any more)"),
        ("nl", "Deze pagina bestaat niet (meer)"),
    ],
)
def test_404_page_in_site_layout_and_language(client, lang, heading):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 404
    html = response.content.decode()
    assert_site_page(html, lang)
    assert heading in html


def test_403_page_in_site_layout_and_language(client):
    client.force_login(UserFactory())
    response = client.get("/test-errors/denied/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 403
    html = response.content.decode()
    assert_site_page(html, "nl")
    assert "Je hebt geen toegang tot deze pagina" in html
    assert "beheerder" in html


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("en", "Something went wrong on our side"),
        ("nl", "Er ging bij ons iets mis"),
    ],
)
def test_500_page_in_site_layout_without_the_database(lang, heading):
    client = Client(raise_request_exception=False)
    down = OperationalError("database is down")
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=down):
        response = client.get("/test-errors/database/", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 500
    html = response.content.decode()
    assert_site_page(html, lang)
    assert heading in html


def test_csrf_failure_page_in_site_layout_and_language():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/login/",
        {"login": "a@example.com", "password": "x"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert_site_page(html, "nl")
    assert "Dit formulier is verlopen" in html
